import { randomBytes } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { accountToken, emailOutbox, order, signInThrottle, users } from "@/db/schema";
import { createOrder } from "@/test/orders";
import {
  findOrderSchema, MIN_ANSWER_MS, ORDER_LINKS_PER_EMAIL, orderLinkRequestedMessage, RECOVERY_PER_ADDRESS, requestOrderLink,
  requestPasswordReset, RESET_EMAILS_PER_ADDRESS_BOX, resetLinkRules, resetRequestedMessage, resetPassword,
} from "./account-recovery";
import { hashAccountToken } from "./account-tokens";
import { isSessionCurrent, MAX_FAILED_SIGN_INS, passwordStamp, signUp, verifyCredentials } from "./accounts";
import { setClockOffset } from "./clock";
import { env } from "./env";
import { grantStaff } from "./staff-accounts";
import { listOrders } from "./orders";
import { orderPath } from "./order-access";
import { formMessage } from "./forms";

const uniqueEmail = () => `recover-${randomBytes(5).toString("hex")}@example.com`;
const uniqueAddress = () => `198.51.100.${randomBytes(4).toString("hex")}`;
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new passphrase";

async function createAccount(email = uniqueEmail()) {
  const result = await signUp({ name: "Ana Pérez", email, password: PASSWORD });
  if (!result.ok) throw new Error(result.message);
  return result.user;
}

async function emailsTo(email: string, kindPrefix: string) {
  return db.select().from(emailOutbox).where(and(eq(emailOutbox.to, email), like(emailOutbox.kind, `${kindPrefix}%`))).orderBy(emailOutbox.createdAt);
}

/** The token of the newest link of a kind emailed to an address, read from the email as the shopper would. */
async function lastLink(email: string, kind: string): Promise<string> {
  const row = (await emailsTo(email, kind)).at(-1);
  const token = row ? /\?token=([\w-]+)/.exec(row.text)?.[1] : undefined;
  if (!token) throw new Error(`no ${kind} link emailed to ${email}`);
  return token;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

afterEach(() => setClockOffset(0));

describe("forgot password", () => {
  it("answers the same, in as long, whether or not the email has an account; only an account gets an email", async () => {
    const user = await createAccount();
    const stranger = uniqueEmail();
    const known = await timed(() => requestPasswordReset(user.email, uniqueAddress()));
    const unknown = await timed(() => requestPasswordReset(stranger, uniqueAddress()));

    expect(known.result).toEqual({ ok: true, message: resetRequestedMessage() });
    expect(unknown.result).toEqual(known.result);
    expect(known.ms).toBeGreaterThanOrEqual(MIN_ANSWER_MS - 5);
    expect(unknown.ms).toBeGreaterThanOrEqual(MIN_ANSWER_MS - 5);
    expect(await emailsTo(user.email, "password_reset")).toHaveLength(1);
    expect(await emailsTo(stranger, "")).toEqual([]);
  });

  it("emails a one-hour link whose token is stored only as its SHA-256", async () => {
    const user = await createAccount();
    await requestPasswordReset(user.email, uniqueAddress());
    const [email] = await emailsTo(user.email, "password_reset");
    const token = await lastLink(user.email, "password_reset");
    expect(email?.subject).toBe("Reset your Percha password");
    expect(email?.html).toContain(`${env().appUrl}/en/reset-password?token=${token}`);

    const [row] = await db.select().from(accountToken).where(and(eq(accountToken.userId, user.id), eq(accountToken.purpose, "reset_password")));
    expect(row?.tokenHash).toBe(hashAccountToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((row?.expiresAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0)).toBeLessThanOrEqual(60 * 60_000 + 1_000);

    setClockOffset(59 * 60_000);
    expect(await resetLinkRules(token)).toEqual({ minLength: 8 });
    setClockOffset(60 * 60_000 + 1_000);
    expect(await resetLinkRules(token)).toBeNull();
    expect(await resetPassword(token, NEW_PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(user.email, PASSWORD, uniqueAddress())).toMatchObject({ ok: true });
  });

  it(`sends at most ${RESET_EMAILS_PER_ADDRESS_BOX.max} emails an hour to one mailbox, answering the same every time`, async () => {
    const user = await createAccount();
    for (let i = 0; i < RESET_EMAILS_PER_ADDRESS_BOX.max + 2; i++) {
      expect(await requestPasswordReset(user.email, uniqueAddress())).toEqual({ ok: true, message: resetRequestedMessage() });
    }
    expect(await emailsTo(user.email, "password_reset")).toHaveLength(RESET_EMAILS_PER_ADDRESS_BOX.max);
  });

  it(`refuses a client address after ${RECOVERY_PER_ADDRESS.max} requests, for any email, and says so`, async () => {
    const address = uniqueAddress();
    for (let i = 0; i < RECOVERY_PER_ADDRESS.max; i++) {
      expect(await requestPasswordReset(uniqueEmail(), address)).toMatchObject({ ok: true });
    }
    const user = await createAccount();
    expect(await requestPasswordReset(user.email, address)).toMatchObject({ ok: false, reason: "throttled", message: expect.stringContaining("15 minutes") });
    expect(await emailsTo(user.email, "password_reset")).toEqual([]);
    expect(await requestPasswordReset(user.email, uniqueAddress())).toMatchObject({ ok: true });
  });
});

describe("reset password", () => {
  it("sets the new password once: the link is spent, the old password and sessions stop working", async () => {
    const user = await createAccount();
    const sessionStamp = await passwordStamp(user.id);
    await requestPasswordReset(user.email, uniqueAddress());
    const token = await lastLink(user.email, "password_reset");

    expect(await resetPassword(token, NEW_PASSWORD)).toEqual({ ok: true });
    expect(await verifyCredentials(user.email, NEW_PASSWORD, uniqueAddress())).toMatchObject({ ok: true });
    expect(await verifyCredentials(user.email, PASSWORD, uniqueAddress())).toMatchObject({ ok: false });
    // A session signed in before the reset carries the old stamp: it is over.
    expect(isSessionCurrent(sessionStamp ?? undefined, await passwordStamp(user.id))).toBe(false);
    const signedInAfter = await verifyCredentials(user.email, NEW_PASSWORD, uniqueAddress());
    expect(signedInAfter.ok && isSessionCurrent(signedInAfter.passwordStamp, await passwordStamp(user.id))).toBe(true);

    expect(await resetPassword(token, "yet another password")).toEqual({ ok: false, reason: "invalid" });
    expect(await resetLinkRules(token)).toBeNull();
    expect(await verifyCredentials(user.email, NEW_PASSWORD, uniqueAddress())).toMatchObject({ ok: true });
    const [notice] = await emailsTo(user.email, "password_changed");
    expect(notice?.subject).toBe("Your Percha password was changed");
  });

  it("ends every other link of the account, reset and confirmation alike", async () => {
    const user = await createAccount();
    await requestPasswordReset(user.email, uniqueAddress());
    const first = await lastLink(user.email, "password_reset");
    await requestPasswordReset(user.email, uniqueAddress());
    const second = await lastLink(user.email, "password_reset");
    expect(second).not.toBe(first);

    expect(await resetPassword(second, NEW_PASSWORD)).toEqual({ ok: true });
    expect(await resetPassword(first, "someone else's pick")).toEqual({ ok: false, reason: "invalid" });
    const live = await db.select().from(accountToken).where(eq(accountToken.userId, user.id));
    expect(live.filter((t) => t.usedAt === null)).toEqual([]);
  });

  it("lets exactly one of two simultaneous submissions through", async () => {
    const user = await createAccount();
    await requestPasswordReset(user.email, uniqueAddress());
    const token = await lastLink(user.email, "password_reset");
    const results = await Promise.all([resetPassword(token, NEW_PASSWORD), resetPassword(token, "the other password")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("asks staff for 12 characters and leaves the link unspent until they give them", async () => {
    const staff = await grantStaff(uniqueEmail(), { id: null, email: "test" });
    await requestPasswordReset(staff.email, uniqueAddress());
    const token = await lastLink(staff.email, "password_reset");
    expect(await resetLinkRules(token)).toEqual({ minLength: 12 });
    expect(await resetPassword(token, "eleven char")).toMatchObject({ ok: false, reason: "weak", field: "newPassword", message: "Staff passwords need at least 12 characters." });
    expect(await resetPassword(token, "twelve chars")).toEqual({ ok: true });
    const [row] = await db.select().from(users).where(eq(users.email, staff.email));
    expect(row?.mustChangePassword).toBe(false);
  });

  it("confirms the email (the link proved the mailbox), joins its guest orders and lifts a sign-in lock", async () => {
    const email = uniqueEmail();
    const guestOrder = await createOrder({ email, status: "paid" });
    const user = await createAccount(email);
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await verifyCredentials(email, "wrong guess", uniqueAddress());
    expect(await db.select().from(signInThrottle).where(eq(signInThrottle.key, `email:${email}`))).toHaveLength(1);

    await requestPasswordReset(email, uniqueAddress());
    expect(await resetPassword(await lastLink(email, "password_reset"), NEW_PASSWORD)).toEqual({ ok: true });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row?.emailVerified).toBeInstanceOf(Date);
    expect((await listOrders(user.id)).map((o) => o.id)).toEqual([guestOrder.id]);
    expect(await verifyCredentials(email, NEW_PASSWORD, uniqueAddress())).toMatchObject({ ok: true });
  });

  it("treats unknown, malformed and confirmation tokens as dead links", async () => {
    const user = await createAccount();
    const confirmation = await lastLink(user.email, "verify_email");
    for (const token of [confirmation, randomBytes(32).toString("base64url"), "", "not a token", null]) {
      expect(await resetLinkRules(token)).toBeNull();
      expect(await resetPassword(token, NEW_PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    }
  });
});

describe("find my order", () => {
  it("emails the order's own link to the address it was placed with, when number and email match", async () => {
    const email = uniqueEmail();
    const placed = await createOrder({ email, status: "paid" });
    const answer = await requestOrderLink(email.toUpperCase().toLowerCase(), placed.id, uniqueAddress());
    expect(answer).toEqual({ ok: true, message: orderLinkRequestedMessage(placed.id) });
    const [sent] = await emailsTo(email, "order_link");
    expect(sent).toMatchObject({ orderId: placed.id, subject: `Your link to Percha order #${placed.id}` });
    expect(sent?.html).toContain(`${env().appUrl}/en${orderPath(placed.id, true)}`);
  });

  it("matches the email in any case the guest typed at checkout", async () => {
    const email = uniqueEmail();
    const placed = await createOrder({ email: email.toUpperCase(), status: "paid" });
    await requestOrderLink(email, placed.id, uniqueAddress());
    expect(await emailsTo(email.toUpperCase(), "order_link")).toHaveLength(1);
  });

  it("answers the same, in as long, when the email or the number is wrong, and sends nothing", async () => {
    const email = uniqueEmail();
    const placed = await createOrder({ email, status: "paid" });
    const stranger = uniqueEmail();
    const right = await timed(() => requestOrderLink(email, placed.id, uniqueAddress()));
    const wrongEmail = await timed(() => requestOrderLink(stranger, placed.id, uniqueAddress()));
    const wrongNumber = await timed(() => requestOrderLink(email, placed.id + 100_000, uniqueAddress()));
    expect(wrongEmail.result).toEqual(right.result);
    expect(wrongNumber.result).toEqual({ ok: true, message: orderLinkRequestedMessage(placed.id + 100_000) });
    for (const { ms } of [right, wrongEmail, wrongNumber]) expect(ms).toBeGreaterThanOrEqual(MIN_ANSWER_MS - 5);
    expect(await emailsTo(email, "order_link")).toHaveLength(1);
    expect(await emailsTo(stranger, "")).toEqual([]);
  });

  it(`is throttled: ${ORDER_LINKS_PER_EMAIL.max} links an hour per email, ${RECOVERY_PER_ADDRESS.max} requests per address`, async () => {
    const email = uniqueEmail();
    const placed = await createOrder({ email, status: "paid" });
    for (let i = 0; i < ORDER_LINKS_PER_EMAIL.max + 1; i++) {
      expect(await requestOrderLink(email, placed.id, uniqueAddress())).toMatchObject({ ok: true });
    }
    expect(await emailsTo(email, "order_link")).toHaveLength(ORDER_LINKS_PER_EMAIL.max);

    const address = uniqueAddress();
    for (let i = 0; i < RECOVERY_PER_ADDRESS.max; i++) await requestOrderLink(uniqueEmail(), placed.id, address);
    expect(await requestOrderLink(email, placed.id, address)).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("reads the order number as the emails write it, and explains a wrong one", () => {
    expect(findOrderSchema.parse({ email: " Ana@Example.com ", orderNumber: " #1042 " })).toEqual({ email: "ana@example.com", orderNumber: 1042 });
    for (const orderNumber of ["", "abc", "0", "12.5", "99999999999"]) {
      const parsed = findOrderSchema.safeParse({ email: "ana@example.com", orderNumber });
      expect(formMessage(parsed.error?.issues[0]?.message ?? "")).toBe("Enter the order number from your email, digits only (for example 1042)");
    }
  });

  it("does not change who owns the order", async () => {
    const email = uniqueEmail();
    const placed = await createOrder({ email, status: "paid" });
    await requestOrderLink(email, placed.id, uniqueAddress());
    const [row] = await db.select({ userId: order.userId }).from(order).where(eq(order.id, placed.id));
    expect(row?.userId).toBeNull();
  });
});
