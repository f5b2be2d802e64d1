import { randomBytes } from "node:crypto";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/audit";

/** A staff member of this test's own, as the audit log and the ledger name them. */
export async function createStaff(): Promise<Actor & { id: string }> {
  const email = `staff-${randomBytes(5).toString("hex")}@example.com`;
  const [row] = await db.insert(users).values({ email, name: "Test Staff", role: "staff" }).returning({ id: users.id, email: users.email });
  if (!row) throw new Error("staff not created");
  return row;
}
