import "server-only";
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { BCRYPT_COST, emailField } from "./accounts";
import { recordAudit, type Actor } from "./audit";

/** The demo shop's staff account, named on the sign-in page in demo mode only. */
export const DEMO_STAFF = { email: "staff@percha.shop", password: "percha-demo-staff", name: "Demo staff" } as const;

/** A password nobody chose: 24 characters from 18 random bytes. */
function oneTimePassword(): string {
  return randomBytes(18).toString("base64url");
}

export type StaffGrant = { email: string; isNewAccount: boolean; oneTimePassword: string };

/**
 * `npm run staff:add -- <email>`: creates the account or promotes it, with a
 * one-time password that must be changed at the first sign-in. Audited.
 */
export async function grantStaff(rawEmail: string, actor: Actor): Promise<StaffGrant> {
  const email = emailField.parse(rawEmail);
  const password = oneTimePassword();
  const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email)).for("update");
    const [after] = before
      ? await tx.update(users).set({ role: "staff", passwordHash, mustChangePassword: true }).where(eq(users.id, before.id)).returning({ id: users.id })
      : await tx.insert(users).values({ email, name: email.split("@")[0] ?? null, role: "staff", passwordHash, mustChangePassword: true }).returning({ id: users.id });
    if (!after) throw new Error(`could not grant staff to ${email}`);
    await recordAudit(tx, actor, {
      entityType: "user",
      entityId: after.id,
      action: before ? "promote to staff" : "create staff account",
      before: before ? { role: before.role } : null,
      after: { role: "staff", mustChangePassword: true },
    });
    return { email, isNewAccount: !before, oneTimePassword: password };
  });
}

/** Demo mode's staff account, with its published password: created once, kept staff. */
export async function ensureDemoStaff(): Promise<void> {
  const [existing] = await db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, DEMO_STAFF.email));
  if (existing?.role === "staff") return;
  const passwordHash = await bcrypt.hash(DEMO_STAFF.password, BCRYPT_COST);
  await db
    .insert(users)
    .values({ email: DEMO_STAFF.email, name: DEMO_STAFF.name, role: "staff", passwordHash })
    .onConflictDoUpdate({ target: users.email, set: { role: "staff", passwordHash, mustChangePassword: false } });
}
