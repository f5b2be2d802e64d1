import "server-only";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import bcrypt from "bcryptjs";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { order, signInThrottle, users } from "@/db/schema";
import { BCRYPT_COST, emailField, passwordField, STAFF_PASSWORD_MIN } from "./accounts";
import { findLiveToken, issueAccountToken, markTokenUsed, revokeTokens } from "./account-tokens";
import { now } from "./clock";
import { joinGuestOrders } from "./email-verification";
import { renderOrderLinkEmail, renderPasswordChangedEmail, renderPasswordResetEmail } from "./email/account-emails";
import { enqueueEmail, kickEmailDelivery } from "./email/outbox";
import { MAX_DATABASE_ID } from "./forms";
import { orderPath } from "./order-access";
import { countHit, isRateLimited, type Limit } from "./rate-limit";
import { translator, type Locale } from "./i18n";
import { absoluteUrl, localizedPath } from "./urls";

/**
 * Both answers of a lookup by email (account or none, order or none) take
 * at least this long, so the time it takes does not tell them apart.
 */
export const MIN_ANSWER_MS = 350;

/** Requests per client address: a household behind one address gets plenty. */
export const RECOVERY_PER_ADDRESS: Limit = { max: 10, windowMs: 15 * 60_000 };
/** Emails to one address per hour; more requests get the same answer and send nothing. */
export const RESET_EMAILS_PER_ADDRESS_BOX: Limit = { max: 3, windowMs: 60 * 60_000 };
export const ORDER_LINKS_PER_EMAIL: Limit = { max: 5, windowMs: 60 * 60_000 };

export const forgotPasswordSchema = z.object({ email: emailField });
export const resetPasswordSchema = z.object({ token: z.string().max(200), newPassword: passwordField });
export const findOrderSchema = z.object({
  email: emailField,
  orderNumber: z
    .string()
    .trim()
    .transform((value) => value.replace(/^#/, "").trim())
    .pipe(z.string().regex(/^[1-9]\d{0,9}$/, "forms.orderNumber"))
    .transform(Number)
    .refine((id) => id <= MAX_DATABASE_ID, "forms.orderNumber"),
});

export type RecoveryAnswer = { ok: true; message: string } | { ok: false; reason: "throttled"; message: string };

const tooMany = (locale: Locale): RecoveryAnswer => ({ ok: false, reason: "throttled", message: translator(locale, "account.forgot")("tooMany") });

export const resetRequestedMessage = (locale: Locale = "en") => translator(locale, "account.forgot")("requested");

/**
 * "Forgot your password?": emails a reset link when the address has an
 * account, and answers exactly the same, in about the same time, when it
 * has none. Throttled per client address (told) and per mailbox (silent:
 * the answer stays the same, no more emails go out).
 */
export async function requestPasswordReset(email: string, address: string, locale: Locale = "en"): Promise<RecoveryAnswer> {
  return answerNoSoonerThan(MIN_ANSWER_MS, async () => {
    if (await isAddressThrottled(`recover:${address}`)) return tooMany(locale);
    const mailboxKey = `reset-email:${email}`;
    const isMailboxFull = await isRateLimited(mailboxKey, RESET_EMAILS_PER_ADDRESS_BOX);
    await countHit(mailboxKey, RESET_EMAILS_PER_ADDRESS_BOX.windowMs);
    if (!isMailboxFull) {
      const isQueued = await db.transaction(async (tx) => {
        const [user] = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email));
        if (!user) return false;
        const { token } = await issueAccountToken(tx, user, "reset_password");
        const url = absoluteUrl(localizedPath(`/reset-password?token=${token}`, locale));
        await enqueueEmail(tx, { kind: "password_reset", to: user.email, ...renderPasswordResetEmail({ name: user.name, url, locale }) });
        return true;
      });
      if (isQueued) kickEmailDelivery();
    }
    return { ok: true, message: resetRequestedMessage(locale) };
  });
}

/** What the reset page needs to show its form: the rule for the new password. Null for a dead link. Reads only. */
export async function resetLinkRules(token: unknown): Promise<{ minLength: number } | null> {
  const link = await findLiveToken(token, "reset_password");
  if (!link) return null;
  const [user] = await db.select({ role: users.role }).from(users).where(eq(users.id, link.userId));
  return user ? { minLength: minPasswordLength(user.role) } : null;
}

export type PasswordReset =
  | { ok: true }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "weak"; field: "newPassword"; message: string };

/**
 * Sets a new password from a reset link, in one transaction: the link is
 * spent, every other link of the account ends, sessions opened before end
 * (the password stamp changes), and the account counts as verified — the
 * link proved the mailbox — so its guest orders join it. A password too
 * short for the account's role leaves the link unspent.
 */
export async function resetPassword(token: unknown, newPassword: string, locale: Locale = "en"): Promise<PasswordReset> {
  const outcome = await db.transaction(async (tx): Promise<PasswordReset> => {
    const link = await findLiveToken(token, "reset_password", tx, { forUpdate: true });
    if (!link) return { ok: false, reason: "invalid" };
    const [user] = await tx.select().from(users).where(eq(users.id, link.userId)).for("update");
    if (!user || user.email !== link.email) return { ok: false, reason: "invalid" };
    const minLength = minPasswordLength(user.role);
    if (newPassword.length < minLength) {
      const message = translator(locale, "account.password")(user.role === "staff" ? "staffTooShort" : "tooShort", { min: minLength });
      return { ok: false, reason: "weak", field: "newPassword", message };
    }
    const at = now();
    const passwordHash = await bcrypt.hash(newPassword, BCRYPT_COST);
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: at, mustChangePassword: false, emailVerified: user.emailVerified ?? at })
      .where(eq(users.id, user.id));
    await markTokenUsed(tx, link.id);
    await revokeTokens(tx, user.id);
    await joinGuestOrders(tx, user.id);
    // The new password is known to work: earlier failed guesses should not lock its owner out.
    await tx.delete(signInThrottle).where(eq(signInThrottle.key, `email:${user.email}`));
    await enqueueEmail(tx, {
      kind: "password_changed",
      to: user.email,
      ...renderPasswordChangedEmail({ name: user.name, forgotUrl: absoluteUrl(localizedPath("/forgot-password", locale)), locale }),
    });
    return { ok: true };
  });
  if (outcome.ok) kickEmailDelivery();
  return outcome;
}

export const orderLinkRequestedMessage = (orderId: number, locale: Locale = "en") =>
  translator(locale, "account.find")("requested", { id: orderId });

/**
 * "Find my order": emails the order's own link (the one its confirmation
 * carries) to the address the order was placed with — never elsewhere —
 * when number and email match, and answers the same either way.
 */
export async function requestOrderLink(email: string, orderId: number, address: string, locale: Locale = "en"): Promise<RecoveryAnswer> {
  return answerNoSoonerThan(MIN_ANSWER_MS, async () => {
    if (await isAddressThrottled(`recover:${address}`)) return tooMany(locale);
    const mailboxKey = `order-link:${email}`;
    const isMailboxFull = await isRateLimited(mailboxKey, ORDER_LINKS_PER_EMAIL);
    await countHit(mailboxKey, ORDER_LINKS_PER_EMAIL.windowMs);
    if (!isMailboxFull) {
      const [found] = await db
        .select({ id: order.id, email: order.email, fullName: order.fullName })
        .from(order)
        .where(and(eq(order.id, orderId), sql`lower(${order.email}) = ${email}`));
      if (found) {
        await db.transaction((tx) => enqueueEmail(tx, {
          // One row per request: the outbox allows one email of a kind per order.
          kind: `order_link:${randomUUID()}`,
          orderId: found.id,
          to: found.email,
          ...renderOrderLinkEmail({ orderId: found.id, fullName: found.fullName, url: absoluteUrl(localizedPath(orderPath(found.id, true), locale)), locale }),
        }));
        kickEmailDelivery();
      }
    }
    return { ok: true, message: orderLinkRequestedMessage(orderId, locale) };
  });
}

function minPasswordLength(role: (typeof users.$inferSelect)["role"]): number {
  return role === "staff" ? STAFF_PASSWORD_MIN : 8;
}

/** Counts a request from an address and says whether it is over its limit. */
async function isAddressThrottled(key: string): Promise<boolean> {
  if (await isRateLimited(key, RECOVERY_PER_ADDRESS)) return true;
  await countHit(key, RECOVERY_PER_ADDRESS.windowMs);
  return false;
}

async function answerNoSoonerThan<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const left = ms - (performance.now() - started);
  if (left > 0) await sleep(left);
  return result;
}
