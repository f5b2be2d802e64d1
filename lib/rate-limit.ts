import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { rateLimit } from "@/db/schema";
import { now } from "./clock";

export type Limit = { max: number; windowMs: number };

/** Whether `key` used up its `max` hits in the current window. Every instance shares the count. */
export async function isRateLimited(key: string, limit: Limit): Promise<boolean> {
  const [row] = await db
    .select({ hits: rateLimit.hits })
    .from(rateLimit)
    .where(and(eq(rateLimit.key, key), gte(rateLimit.windowStartedAt, new Date(now().getTime() - limit.windowMs))));
  return (row?.hits ?? 0) >= limit.max;
}

/** Counts one hit for `key`; a window older than `windowMs` starts over. One statement, so concurrent hits all count. */
export async function countHit(key: string, windowMs: number): Promise<void> {
  const at = now();
  const isStale = sql`${rateLimit.windowStartedAt} < ${new Date(at.getTime() - windowMs)}`;
  await db
    .insert(rateLimit)
    .values({ key, hits: 1, windowStartedAt: at })
    .onConflictDoUpdate({
      target: rateLimit.key,
      set: {
        hits: sql`case when ${isStale} then 1 else ${rateLimit.hits} + 1 end`,
        windowStartedAt: sql`case when ${isStale} then ${at}::timestamptz else ${rateLimit.windowStartedAt} end`,
      },
    });
}
