import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { MAX_FAILED_SIGN_INS, MAX_FAILED_SIGN_INS_PER_ADDRESS, signUp, signUpSchema, verifyCredentials } from "./accounts";
import { setClockOffset } from "./clock";
import { formMessage } from "./forms";

const uniqueEmail = () => `shopper-${randomBytes(5).toString("hex")}@example.com`;
const uniqueAddress = () => `203.0.113.${randomBytes(1)[0] ?? 1}-${randomBytes(4).toString("hex")}`;
const PASSWORD = "correct horse battery";

async function createAccount(email = uniqueEmail()) {
  const result = await signUp({ name: "Ana Pérez", email, password: PASSWORD });
  if (!result.ok) throw new Error(result.message);
  return result.user;
}

async function failTimes(email: string, address: string, times: number) {
  for (let i = 0; i < times; i++) {
    const result = await verifyCredentials(email, "wrong password", address);
    expect(result.ok).toBe(false);
  }
}

afterEach(() => setClockOffset(0));

describe("sign-up", () => {
  it("rejects a malformed email and a short password with messages for each field", () => {
    const parsed = signUpSchema.safeParse({ name: "Ana", email: "not-an-email", password: "short" });
    expect(parsed.success).toBe(false);
    const issues = parsed.error?.issues.map((i) => [i.path[0], formMessage(i.message)]);
    expect(issues).toContainEqual(["email", "Enter a valid email address"]);
    expect(issues).toContainEqual(["password", "Use at least 8 characters"]);
  });

  it("requires a name", () => {
    const parsed = signUpSchema.safeParse({ name: "  ", email: uniqueEmail(), password: PASSWORD });
    expect(formMessage(parsed.error?.issues[0]?.message ?? "")).toBe("Enter your name");
  });

  it("stores a bcrypt hash, never the password itself", async () => {
    const user = await createAccount();
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(/^\$2[aby]\$\d{2}\$/);
    expect(row?.passwordHash).not.toContain(PASSWORD);
    expect(await bcrypt.compare(PASSWORD, row?.passwordHash ?? "")).toBe(true);
  });

  it("says so when the email is taken, whatever its case", async () => {
    const email = uniqueEmail();
    await createAccount(email);
    const again = signUpSchema.parse({ name: "Someone", email: email.toUpperCase(), password: "another password" });
    const result = await signUp(again);
    expect(result).toEqual({ ok: false, field: "email", message: "An account with this email already exists. Sign in instead." });
  });
});

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const user = await createAccount();
    expect(await verifyCredentials(user.email, PASSWORD, uniqueAddress())).toEqual({ ok: true, user, passwordStamp: 0 });
    expect(await verifyCredentials(user.email, "nope nope", uniqueAddress())).toMatchObject({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(uniqueEmail(), PASSWORD, uniqueAddress())).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("never opens an account that has no password", async () => {
    const email = uniqueEmail();
    await db.insert(users).values({ name: "No Password", email });
    for (const guess of ["x", "password", PASSWORD]) {
      expect(await verifyCredentials(email, guess, uniqueAddress())).toMatchObject({ ok: false, reason: "invalid" });
    }
  });

  it(`refuses an email after ${MAX_FAILED_SIGN_INS} failures, even with the right password, and says for how long`, async () => {
    const user = await createAccount();
    await failTimes(user.email, uniqueAddress(), MAX_FAILED_SIGN_INS);
    const result = await verifyCredentials(user.email, PASSWORD, uniqueAddress());
    expect(result).toEqual({ ok: false, reason: "throttled", message: "Too many failed sign-ins. Try again in 15 minutes.", minutes: 15 });
  });

  it("refuses an address that failed too often, for any account, but not other addresses", async () => {
    const address = uniqueAddress();
    for (let i = 0; i < MAX_FAILED_SIGN_INS_PER_ADDRESS; i++) await failTimes(uniqueEmail(), address, 1);
    const user = await createAccount();
    expect(await verifyCredentials(user.email, PASSWORD, address)).toMatchObject({ ok: false, reason: "throttled" });
    expect(await verifyCredentials(user.email, PASSWORD, uniqueAddress())).toMatchObject({ ok: true });
  }, 90_000); // Thirty-odd bcrypt comparisons in a row outlast the default timeout on a busy two-core machine.

  it("lets the shopper in again once the lock has passed", async () => {
    const user = await createAccount();
    const address = uniqueAddress();
    await failTimes(user.email, address, MAX_FAILED_SIGN_INS);
    setClockOffset(14 * 60_000);
    expect(await verifyCredentials(user.email, PASSWORD, address)).toMatchObject({
      ok: false, reason: "throttled", message: "Too many failed sign-ins. Try again in 1 minute.", minutes: 1,
    });
    setClockOffset(15 * 60_000 + 1000);
    expect(await verifyCredentials(user.email, PASSWORD, address)).toMatchObject({ ok: true });
  });

  it("forgets failures older than the window", async () => {
    const user = await createAccount();
    await failTimes(user.email, uniqueAddress(), MAX_FAILED_SIGN_INS - 1);
    setClockOffset(16 * 60_000);
    await failTimes(user.email, uniqueAddress(), 1);
    expect(await verifyCredentials(user.email, PASSWORD, uniqueAddress())).toMatchObject({ ok: true });
  });

  it("a successful sign-in clears the email's failures", async () => {
    const user = await createAccount();
    await failTimes(user.email, uniqueAddress(), MAX_FAILED_SIGN_INS - 1);
    expect(await verifyCredentials(user.email, PASSWORD, uniqueAddress())).toMatchObject({ ok: true });
    await failTimes(user.email, uniqueAddress(), MAX_FAILED_SIGN_INS - 1);
    expect(await verifyCredentials(user.email, PASSWORD, uniqueAddress())).toMatchObject({ ok: true });
  });
});
