import "server-only";
import { eq } from "drizzle-orm";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { z } from "zod";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "./audit";
import { currentUser, STAFF_SESSION_MAX_MS } from "./auth";
import { now } from "./clock";
import { parseForm, type ActionState } from "./forms";

export type Staff = { id: string; email: string; name: string | null };

type StaffCheck = { kind: "staff"; staff: Staff } | { kind: "must_change_password" } | { kind: "refused" };

/**
 * Whether this request comes from staff: the role is read from the database
 * on every call (a demotion takes effect at once), and a session signed in
 * more than eight hours ago no longer counts.
 */
const checkStaff = cache(async (): Promise<StaffCheck> => {
  const user = await currentUser();
  if (!user || now().getTime() - user.signedInAt.getTime() > STAFF_SESSION_MAX_MS) return { kind: "refused" };
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, mustChangePassword: users.mustChangePassword })
    .from(users)
    .where(eq(users.id, user.id));
  if (row?.role !== "staff") return { kind: "refused" };
  if (row.mustChangePassword) return { kind: "must_change_password" };
  return { kind: "staff", staff: { id: row.id, email: row.email, name: row.name } };
});

/**
 * The first call of every /admin page: the staff member, or a 404 for
 * anyone else (the back office does not admit it exists). Staff with a
 * one-time password are sent to change it first.
 */
export async function requireStaff(): Promise<Staff> {
  const check = await checkStaff();
  if (check.kind === "must_change_password") redirect("/account/password?next=/admin");
  if (check.kind === "refused") notFound();
  return check.staff;
}

/** Whether this request comes from staff, for pages outside /admin that also admit staff. */
export async function isStaff(): Promise<boolean> {
  return (await checkStaff()).kind === "staff";
}

export const REFUSED: ActionState = { ok: false, message: "This action is not available." };

/**
 * Every /admin server action is built with this: it checks the role on the
 * server before anything else (a page or layout check protects no action),
 * then parses the form with `schema`, then runs `act` as that staff member.
 */
export function staffAction<S extends z.ZodType>(
  schema: S,
  act: (input: z.infer<S>, staff: Staff) => Promise<ActionState>,
  keep: string[] = [],
): (previous: ActionState, formData: FormData) => Promise<ActionState> {
  return async (_previous, formData) => {
    const check = await checkStaff();
    if (check.kind !== "staff") return REFUSED;
    const input = parseForm(schema, formData, keep);
    if (!input.ok) return input.state;
    return act(input.data, check.staff);
  };
}

export const actorOf = (staff: Staff): Actor => ({ id: staff.id, email: staff.email });
