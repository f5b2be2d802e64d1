import "server-only";
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db/client";
import { signInThrottle, users } from "@/db/schema";
import { now } from "./clock";
import { enqueueEmailVerification } from "./email-verification";
import { kickEmailDelivery } from "./email/outbox";
import { nextPathField } from "./next-path";
import { translator, type Locale } from "./i18n";

export const BCRYPT_COST = 11;
export const MAX_FAILED_SIGN_INS = 5;
export const STAFF_PASSWORD_MIN = 12;
// Many shoppers can share one address (a NAT, an office), so it gets more tries.
export const MAX_FAILED_SIGN_INS_PER_ADDRESS = 30;
const THROTTLE_WINDOW_MS = 15 * 60_000;

export const emailField = z.string().trim().toLowerCase().pipe(z.email("forms.email").max(254));
export const passwordField = z.string().min(8, "forms.passwordLength").max(200, "forms.passwordMax");

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "forms.name").max(100),
  email: emailField,
  password: passwordField,
});
export const signInSchema = z.object({ email: emailField, password: z.string().min(1, "forms.password").max(200) });

export const signUpFormSchema = signUpSchema.extend({ next: nextPathField });
export const signInFormSchema = signInSchema.extend({ next: nextPathField });

export type Role = (typeof users.$inferSelect)["role"];

export type AccountUser = { id: string; name: string | null; email: string; role: Role };

export type SignUpResult = { ok: true; user: AccountUser } | { ok: false; field: "email"; message: string };

/**
 * Creates the account and, in the same transaction, emails a link to
 * confirm its address. Until it is confirmed the account sees none of the
 * guest orders placed with that email.
 */
export async function signUp(input: z.infer<typeof signUpSchema>, locale: Locale = "en"): Promise<SignUpResult> {
  const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
  const user = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, name: users.name, email: users.email, role: users.role });
    if (created) await enqueueEmailVerification(tx, created, locale);
    return created;
  });
  if (!user) return { ok: false, field: "email", message: translator(locale, "account.signUp")("exists") };
  kickEmailDelivery();
  return { ok: true, user };
}

export type SignInResult =
  /** `passwordStamp`: which password the session was opened with (see passwordStamp). */
  | { ok: true; user: AccountUser; passwordStamp: number }
  | { ok: false; reason: "invalid"; message: string }
  | { ok: false; reason: "throttled"; message: string; minutes: number };

/**
 * Checks a password, refusing for a while after repeated failures for the
 * email or the address. Counters live in PostgreSQL so every instance agrees.
 */
export async function verifyCredentials(email: string, password: string, address: string): Promise<SignInResult> {
  const keys = [`email:${email}`, `ip:${address}`];
  const [locked] = await db
    .select({ until: signInThrottle.lockedUntil })
    .from(signInThrottle)
    .where(and(inArray(signInThrottle.key, keys), gt(signInThrottle.lockedUntil, now())))
    .limit(1);
  if (locked?.until) {
    const minutes = Math.max(1, Math.ceil((locked.until.getTime() - now().getTime()) / 60_000));
    return { ok: false, reason: "throttled", message: translator("en", "account.signIn")("throttled", { minutes }), minutes };
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  // Compare against a dummy hash when there is no password to check, so timing does not reveal accounts.
  const matches = await bcrypt.compare(password, user?.passwordHash ?? (await dummyHash()));
  if (!user?.passwordHash || !matches) {
    await Promise.all(keys.map(recordFailure));
    return { ok: false, reason: "invalid", message: "Wrong email or password." };
  }
  // Only the email's counter resets: one valid account must not wipe an address's record of guesses at others.
  await db.delete(signInThrottle).where(eq(signInThrottle.key, `email:${email}`));
  return { ok: true, user: { id: user.id, name: user.name, email: user.email, role: user.role }, passwordStamp: stampOf(user.passwordChangedAt) };
}

const stampOf = (changedAt: Date | null) => changedAt?.getTime() ?? 0;

/**
 * Which password an account has now, as a number a session keeps from its
 * sign-in (milliseconds of the last change, 0 if never); null when the
 * account is gone. A session whose stamp differs ends: see isSessionCurrent.
 */
export async function passwordStamp(userId: string): Promise<number | null> {
  const [user] = await db.select({ changedAt: users.passwordChangedAt }).from(users).where(eq(users.id, userId));
  return user ? stampOf(user.changedAt) : null;
}

/** A session survives only while its account exists and has the password it signed in with. */
export function isSessionCurrent(sessionStamp: number | undefined, currentStamp: number | null): boolean {
  return currentStamp !== null && (sessionStamp ?? 0) === currentStamp;
}

// The hash of a random secret nobody knows: a fixed published hash would be the
// hash of *some* password, which would then open any account without one.
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= bcrypt.hash(randomBytes(32).toString("hex"), BCRYPT_COST);
  return dummy;
}

async function recordFailure(key: string): Promise<void> {
  const at = now();
  const windowStart = new Date(at.getTime() - THROTTLE_WINDOW_MS);
  const lockUntil = new Date(at.getTime() + THROTTLE_WINDOW_MS);
  const fresh = sql`${signInThrottle.windowStartedAt} < ${windowStart}`;
  const failures = sql`case when ${fresh} then 1 else ${signInThrottle.failures} + 1 end`;
  await db
    .insert(signInThrottle)
    .values({ key, failures: 1, windowStartedAt: at })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures,
        windowStartedAt: sql`case when ${fresh} then ${at} else ${signInThrottle.windowStartedAt} end`,
        lockedUntil: sql`case when ${failures} >= ${key.startsWith("ip:") ? MAX_FAILED_SIGN_INS_PER_ADDRESS : MAX_FAILED_SIGN_INS} then ${lockUntil}::timestamptz else ${signInThrottle.lockedUntil} end`,
      },
    });
}

export async function findAccountByEmail(email: string): Promise<(AccountUser & { mustChangePassword: boolean }) | null> {
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, mustChangePassword: users.mustChangePassword })
    .from(users)
    .where(eq(users.email, email));
  return user ?? null;
}

/** What a user's new password must be, and whether they must choose one now. */
export async function passwordRules(userId: string): Promise<{ minLength: number; mustChange: boolean }> {
  const [user] = await db.select({ role: users.role, mustChange: users.mustChangePassword }).from(users).where(eq(users.id, userId));
  return { minLength: user?.role === "staff" ? STAFF_PASSWORD_MIN : 8, mustChange: user?.mustChange ?? false };
}

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "forms.currentPassword").max(200),
  newPassword: passwordField,
});

export type PasswordChange = { ok: true } | { ok: false; field: "currentPassword" | "newPassword"; message: string };

/**
 * Replaces a password after checking the current one. Staff passwords are
 * at least 12 characters; a one-time password must be replaced by another.
 */
export async function changePassword(userId: string, input: z.infer<typeof changePasswordSchema>, locale: Locale = "en"): Promise<PasswordChange> {
  const t = translator(locale, "account.password");
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.passwordHash || !(await bcrypt.compare(input.currentPassword, user.passwordHash))) {
    return { ok: false, field: "currentPassword", message: t("wrongCurrent") };
  }
  if (user.role === "staff" && input.newPassword.length < STAFF_PASSWORD_MIN) {
    return { ok: false, field: "newPassword", message: t("staffMin", { min: STAFF_PASSWORD_MIN }) };
  }
  if (input.newPassword === input.currentPassword) {
    return { ok: false, field: "newPassword", message: t("same") };
  }
  const passwordHash = await bcrypt.hash(input.newPassword, BCRYPT_COST);
  await db.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId));
  return { ok: true };
}
