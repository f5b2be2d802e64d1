import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { changePassword, signUp, verifyCredentials } from "./accounts";
import { DEMO_STAFF, ensureDemoStaff, grantStaff } from "./staff-accounts";

const uniqueEmail = () => `staff-${randomBytes(5).toString("hex")}@example.com`;
const address = () => `192.0.2.${randomBytes(1)[0] ?? 1}-${randomBytes(4).toString("hex")}`;
const CLI = { id: null, email: "staff:add (server command line)" };

const userByEmail = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0];

describe("staff accounts", () => {
  it("creates a staff account with a one-time password that must be changed, and audits it", async () => {
    const email = uniqueEmail();
    const grant = await grantStaff(email.toUpperCase(), CLI);

    expect(grant).toMatchObject({ email, isNewAccount: true });
    expect(grant.oneTimePassword.length).toBeGreaterThanOrEqual(16);
    expect(await userByEmail(email)).toMatchObject({ role: "staff", mustChangePassword: true });
    expect(await verifyCredentials(email, grant.oneTimePassword, address())).toMatchObject({ ok: true, user: { role: "staff" } });
    const user = await userByEmail(email);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.entityId, user?.id ?? ""));
    expect(audit).toMatchObject({ staffEmail: CLI.email, action: "create staff account", after: { role: "staff", mustChangePassword: true } });
  });

  it("promotes an existing shopper, replacing their password with a one-time one", async () => {
    const email = uniqueEmail();
    await signUp({ name: "Ana", email, password: "shopper password" });

    const grant = await grantStaff(email, CLI);

    expect(grant.isNewAccount).toBe(false);
    expect(await verifyCredentials(email, "shopper password", address())).toMatchObject({ ok: false });
    const user = await userByEmail(email);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.entityId, user?.id ?? ""));
    expect(audit).toMatchObject({ action: "promote to staff", before: { role: "shopper" }, after: { role: "staff" } });
  });

  it("refuses a staff password under 12 characters and clears the one-time flag once changed", async () => {
    const email = uniqueEmail();
    const grant = await grantStaff(email, CLI);
    const user = await userByEmail(email);
    if (!user) throw new Error("no user");

    expect(await changePassword(user.id, { currentPassword: "wrong", newPassword: "a much longer password" }))
      .toMatchObject({ ok: false, field: "currentPassword" });
    expect(await changePassword(user.id, { currentPassword: grant.oneTimePassword, newPassword: "elevenchars" }))
      .toMatchObject({ ok: false, field: "newPassword", message: "Staff passwords need at least 12 characters." });
    expect(await changePassword(user.id, { currentPassword: grant.oneTimePassword, newPassword: "twelve chars" })).toEqual({ ok: true });

    expect(await userByEmail(email)).toMatchObject({ mustChangePassword: false });
    expect(await verifyCredentials(email, "twelve chars", address())).toMatchObject({ ok: true });
  });

  it("lets a shopper change to any password of 8 or more characters", async () => {
    const email = uniqueEmail();
    const created = await signUp({ name: "Ana", email, password: "first password" });
    if (!created.ok) throw new Error(created.message);
    expect(await changePassword(created.user.id, { currentPassword: "first password", newPassword: "eight ch" })).toEqual({ ok: true });
  });

  it("keeps one demo staff account with the published password", async () => {
    await ensureDemoStaff();
    await ensureDemoStaff();
    expect(await db.select().from(users).where(eq(users.email, DEMO_STAFF.email))).toMatchObject([{ role: "staff", mustChangePassword: false }]);
    expect(await verifyCredentials(DEMO_STAFF.email, DEMO_STAFF.password, address())).toMatchObject({ ok: true });
  });
});
