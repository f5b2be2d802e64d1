import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { accountToken, emailOutbox, order, users } from "@/db/schema";
import { createOrder } from "@/test/orders";
import { hashAccountToken } from "./account-tokens";
import { signUp } from "./accounts";
import { setClockOffset } from "./clock";
import { confirmEmail, RESEND_VERIFICATION_LIMIT, resendVerification, verificationLinkEmail } from "./email-verification";
import { accountOrders, listOrders } from "./orders";

const uniqueEmail = () => `verify-${randomBytes(5).toString("hex")}@example.com`;

async function createAccount(email = uniqueEmail()) {
  const result = await signUp({ name: "Ana Pérez", email, password: "correct horse battery" });
  if (!result.ok) throw new Error(result.message);
  return result.user;
}

/** The links emailed to an address, newest last, read from the outbox as the shopper would read the email. */
async function linksSentTo(email: string, kind = "verify_email"): Promise<string[]> {
  const rows = await db.select().from(emailOutbox).where(and(eq(emailOutbox.to, email), eq(emailOutbox.kind, kind))).orderBy(emailOutbox.createdAt);
  return rows.map((row) => {
    const match = /\?token=([\w-]+)/.exec(row.text);
    if (!match?.[1]) throw new Error(`no link in ${row.subject}`);
    return match[1];
  });
}

async function verificationToken(email: string): Promise<string> {
  const token = (await linksSentTo(email)).at(-1);
  if (!token) throw new Error(`no confirmation email to ${email}`);
  return token;
}

afterEach(() => setClockOffset(0));

describe("email verification", () => {
  it("emails a confirmation link at sign-up and keeps only the token's SHA-256", async () => {
    const user = await createAccount();
    const [email] = await db.select().from(emailOutbox).where(eq(emailOutbox.to, user.email));
    expect(email).toMatchObject({ kind: "verify_email", subject: "Confirm your email for Percha" });
    const token = await verificationToken(user.email);
    expect(email?.html).toContain(`/verify-email?token=${token}`);

    const rows = await db.select().from(accountToken).where(eq(accountToken.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: "verify_email", email: user.email, tokenHash: hashAccountToken(token), usedAt: null });
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("marks the account verified, and the link works only once", async () => {
    const user = await createAccount();
    const token = await verificationToken(user.email);
    expect(await verificationLinkEmail(token)).toBe(user.email);

    expect(await confirmEmail(token)).toMatchObject({ ok: true, userId: user.id, email: user.email });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row?.emailVerified).toBeInstanceOf(Date);

    expect(await confirmEmail(token)).toEqual({ ok: false, reason: "invalid" });
    expect(await verificationLinkEmail(token)).toBeNull();
  });

  it("lets exactly one of two simultaneous clicks through", async () => {
    const user = await createAccount();
    const token = await verificationToken(user.email);
    const results = await Promise.all([confirmEmail(token), confirmEmail(token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("expires after 24 hours", async () => {
    const user = await createAccount();
    const token = await verificationToken(user.email);
    setClockOffset(24 * 60 * 60_000 - 60_000);
    expect(await verificationLinkEmail(token)).toBe(user.email);
    setClockOffset(24 * 60 * 60_000 + 1_000);
    expect(await verificationLinkEmail(token)).toBeNull();
    expect(await confirmEmail(token)).toEqual({ ok: false, reason: "invalid" });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row?.emailVerified).toBeNull();
  });

  it("refuses malformed and unknown tokens without touching the database's rows", async () => {
    for (const token of ["", "short", "x".repeat(43), randomBytes(32).toString("base64url"), null, 42]) {
      expect(await confirmEmail(token)).toEqual({ ok: false, reason: "invalid" });
      expect(await verificationLinkEmail(token)).toBeNull();
    }
  });

  it("confirms only the address the link was sent to", async () => {
    const user = await createAccount();
    const token = await verificationToken(user.email);
    await db.update(users).set({ email: uniqueEmail() }).where(eq(users.id, user.id));
    expect(await confirmEmail(token)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("guest orders join the account", () => {
  it("only once its email is verified, whatever the case the guest typed", async () => {
    const email = uniqueEmail();
    const placedAsGuest = await createOrder({ email: email.toUpperCase(), status: "paid" });
    const otherPerson = await createOrder({ email: uniqueEmail(), status: "paid" });

    const user = await createAccount(email);
    // Signing up with someone's address shows nothing of theirs: not on sign-up, not on My orders.
    expect(await accountOrders(user.id)).toEqual([]);
    const [before] = await db.select({ userId: order.userId }).from(order).where(eq(order.id, placedAsGuest.id));
    expect(before?.userId).toBeNull();

    const confirmed = await confirmEmail(await verificationToken(email));
    expect(confirmed).toMatchObject({ ok: true, joinedOrders: 1 });
    expect((await listOrders(user.id)).map((o) => o.id)).toEqual([placedAsGuest.id]);
    const [other] = await db.select({ userId: order.userId }).from(order).where(eq(order.id, otherPerson.id));
    expect(other?.userId).toBeNull();
  });

  it("leaves an order awaiting payment with the guest until it settles, then joins it on My orders", async () => {
    const email = uniqueEmail();
    const user = await createAccount(email);
    await confirmEmail(await verificationToken(email));
    const paying = await createOrder({ email, status: "pending_payment" });
    expect(await accountOrders(user.id)).toEqual([]);

    await db.update(order).set({ status: "paid" }).where(eq(order.id, paying.id));
    expect((await accountOrders(user.id)).map((o) => o.id)).toEqual([paying.id]);
  });

  it("never moves an order another account already owns", async () => {
    const email = uniqueEmail();
    const owner = await createAccount();
    const owned = await createOrder({ email, userId: owner.id });
    const user = await createAccount(email);
    await confirmEmail(await verificationToken(email));
    expect(await accountOrders(user.id)).toEqual([]);
    expect((await listOrders(owner.id)).map((o) => o.id)).toEqual([owned.id]);
  });
});

describe("resending the confirmation link", () => {
  it(`sends a new link, ${RESEND_VERIFICATION_LIMIT.max} times an hour at most`, async () => {
    const user = await createAccount();
    for (let i = 0; i < RESEND_VERIFICATION_LIMIT.max; i++) {
      expect(await resendVerification(user.id)).toEqual({ ok: true, message: `We've sent a new link to ${user.email}. It works for 24 hours.` });
    }
    expect(await resendVerification(user.id)).toMatchObject({ ok: false, message: expect.stringContaining("try again in an hour") });
    expect(await linksSentTo(user.email)).toHaveLength(1 + RESEND_VERIFICATION_LIMIT.max);

    setClockOffset(RESEND_VERIFICATION_LIMIT.windowMs + 1_000);
    expect(await resendVerification(user.id)).toMatchObject({ ok: true });
  });

  it("every link sent works until one is used; then none does", async () => {
    const user = await createAccount();
    await resendVerification(user.id);
    const [first, second] = await linksSentTo(user.email);
    expect(await confirmEmail(second)).toMatchObject({ ok: true });
    expect(await confirmEmail(first)).toEqual({ ok: false, reason: "invalid" });
  });

  it("says so when the email is already confirmed, and sends nothing", async () => {
    const user = await createAccount();
    await confirmEmail(await verificationToken(user.email));
    expect(await resendVerification(user.id)).toEqual({ ok: true, message: "Your email is already confirmed." });
    expect(await linksSentTo(user.email)).toHaveLength(1);
  });
});
