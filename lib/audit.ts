import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db/client";
import { auditLog } from "@/db/schema";
import { now } from "./clock";

/** Who made a change: a staff member, or a command run on the server (`staff:add`). */
export type Actor = { id: string | null; email: string };

export type AuditEntry = {
  entityType: "variant" | "product" | "order" | "refund" | "user" | "settings";
  entityId: string | number;
  action: string;
  before?: unknown;
  after?: unknown;
};

/** Records one staff change, in the transaction that makes it. */
export async function recordAudit(tx: Database | Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    staffUserId: actor.id,
    staffEmail: actor.email,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    action: entry.action,
    before: entry.before ?? null,
    after: entry.after ?? null,
    createdAt: now(),
  });
}

export type AuditView = { action: string; staffEmail: string; before: unknown; after: unknown; at: Date };

/** The changes staff made to one thing, newest first, to show on it. */
export async function auditTrail(entityType: AuditEntry["entityType"], entityId: string | number, limit = 50): Promise<AuditView[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId))))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({ action: r.action, staffEmail: r.staffEmail, before: r.before, after: r.after, at: r.createdAt }));
}
