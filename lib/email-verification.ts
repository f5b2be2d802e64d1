import "server-only";
import { and, eq, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db/client";
import { order, users } from "@/db/schema";
import { consumeToken, findLiveToken, issueAccountToken, revokeTokens } from "./account-tokens";
import { renderVerificationEmail } from "./email/account-emails";
import { enqueueEmail, kickEmailDelivery } from "./email/outbox";
import { translator, type Locale } from "./i18n";
import { absoluteUrl, localizedPath } from "./urls";
import { now } from "./clock";
import { countHit, isRateLimited, type Limit } from "./rate-limit";

/** New confirmation links a signed-in shopper may ask for. */
export const RESEND_VERIFICATION_LIMIT: Limit = { max: 3, windowMs: 60 * 60_000 };

type Recipient = { id: string; email: string; name: string | null };

/**
 * Puts a confirmation link for the account's email into the outbox, inside
 * the caller's transaction (sign-up's, or a resend's). Kick delivery after commit.
 */
export async function enqueueEmailVerification(tx: Transaction, user: Recipient, locale: Locale = "en"): Promise<void> {
  const { token } = await issueAccountToken(tx, user, "verify_email");
  const url = absoluteUrl(localizedPath(`/verify-email?token=${token}`, locale));
  await enqueueEmail(tx, { kind: "verify_email", to: user.email, ...renderVerificationEmail({ name: user.name, email: user.email, url, locale }) });
}

/** The address a confirmation link would confirm, while the link still works; null otherwise. Reads only. */
export async function verificationLinkEmail(token: unknown): Promise<string | null> {
  return (await findLiveToken(token, "verify_email"))?.email ?? null;
}

export type EmailConfirmation = { ok: true; userId: string; email: string; joinedOrders: number } | { ok: false; reason: "invalid" };

/**
 * Confirms the email a link was sent to: spends the link, marks the
 * account verified, ends its other confirmation links, and joins the guest
 * orders placed with that email to the account, all in one transaction.
 */
export async function confirmEmail(token: unknown): Promise<EmailConfirmation> {
  return db.transaction(async (tx) => {
    const spent = await consumeToken(tx, token, "verify_email");
    if (!spent) return { ok: false, reason: "invalid" };
    const [user] = await tx.select().from(users).where(eq(users.id, spent.userId)).for("update");
    // A link confirms the address it was sent to, not whatever the account says today.
    if (!user || user.email !== spent.email) return { ok: false, reason: "invalid" };
    if (!user.emailVerified) await tx.update(users).set({ emailVerified: now() }).where(eq(users.id, user.id));
    await revokeTokens(tx, user.id, "verify_email");
    const joinedOrders = await joinGuestOrders(tx, user.id);
    return { ok: true, userId: user.id, email: user.email, joinedOrders };
  });
}

/**
 * Gives a verified account the guest orders placed with its email (any
 * case). An unverified account gets nothing: anyone can sign up with any
 * address. Orders still awaiting payment wait until they settle, so a guest
 * mid-payment is never moved under an account. Returns how many joined.
 */
export async function joinGuestOrders(tx: Transaction | Database, userId: string): Promise<number> {
  const verifiedEmail = tx
    .select({ email: sql`lower(${users.email})` })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.emailVerified)));
  const joined = await tx
    .update(order)
    .set({ userId })
    .where(and(isNull(order.userId), ne(order.status, "pending_payment"), sql`lower(${order.email}) = (${verifiedEmail})`))
    .returning({ id: order.id });
  return joined.length;
}

/** Whether the signed-in account still has to confirm its email, and which one. */
export async function emailStatus(userId: string): Promise<{ email: string; isVerified: boolean } | null> {
  const [user] = await db.select({ email: users.email, verifiedAt: users.emailVerified }).from(users).where(eq(users.id, userId));
  return user ? { email: user.email, isVerified: user.verifiedAt !== null } : null;
}

export type ResendAnswer = { ok: true; message: string } | { ok: false; message: string };

/** A fresh confirmation link for a signed-in, unverified account; a few per hour. */
export async function resendVerification(userId: string, locale: Locale = "en"): Promise<ResendAnswer> {
  const t = translator(locale, "account.verify");
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return { ok: false, message: t("signInToConfirm") };
  if (user.emailVerified) return { ok: true, message: t("already") };
  const key = `verify-resend:${user.id}`;
  if (await isRateLimited(key, RESEND_VERIFICATION_LIMIT)) {
    return { ok: false, message: t("tooMany") };
  }
  await countHit(key, RESEND_VERIFICATION_LIMIT.windowMs);
  await db.transaction((tx) => enqueueEmailVerification(tx, user, locale));
  kickEmailDelivery();
  return { ok: true, message: t("sent", { email: user.email }) };
}
