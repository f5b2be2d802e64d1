import "server-only";
import { asc, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { emailOutbox, jobRun, users } from "@/db/schema";
import { now } from "../clock";
import { renderLowStockDigest } from "../email/low-stock-email";
import { kickEmailDelivery } from "../email/outbox";
import { env } from "../env";
import { lowStockVariants, SALES_WINDOW_DAYS } from "./low-stock";

export const LOW_STOCK_DIGEST = "low-stock-digest";
/** The digest goes out at the first check after this hour of the shop's day. */
export const DIGEST_HOUR = 8;
const SHOP_TIME_ZONE = "America/Argentina/Buenos_Aires";
const DIGEST_LINES = 50;

const shopTime = new Intl.DateTimeFormat("en-CA", {
  timeZone: SHOP_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23",
});
const shopDay = new Intl.DateTimeFormat("en-GB", { timeZone: SHOP_TIME_ZONE, dateStyle: "long" });

/** The shop's calendar day ("2026-11-27") and hour (0–23) at `at`, in Argentina time. */
export function shopClock(at: Date): { day: string; hour: number } {
  const part = (type: Intl.DateTimeFormatPartTypes) => shopTime.formatToParts(at).find((p) => p.type === type)?.value ?? "";
  return { day: `${part("year")}-${part("month")}-${part("day")}`, hour: Number(part("hour")) };
}

export type DigestReport = {
  outcome: "too_early" | "already_done" | "nothing_low" | "sent";
  /** The shop's day the digest is for. */
  day: string;
  lowVariants: number;
  recipients: number;
};

/**
 * The daily low-stock email to every staff member, through the outbox. Every
 * app instance checks on an interval; it goes out once per shop day, at the
 * first check after DIGEST_HOUR. The once-guard is today's job_run row,
 * inserted in the transaction that writes the emails: a second instance
 * waits on that row's key, then finds it taken; if the first rolls back, the
 * next check tries again. A day when nothing is low is done without an email.
 */
export async function sendLowStockDigest(): Promise<DigestReport> {
  const at = now();
  const { day, hour } = shopClock(at);
  if (hour < DIGEST_HOUR) return { outcome: "too_early", day, lowVariants: 0, recipients: 0 };
  const report = await db.transaction(async (tx): Promise<DigestReport> => {
    const claimed = await tx
      .insert(jobRun)
      .values({ name: LOW_STOCK_DIGEST, period: day, ranAt: at })
      .onConflictDoNothing()
      .returning({ name: jobRun.name });
    if (claimed.length === 0) return { outcome: "already_done", day, lowVariants: 0, recipients: 0 };
    const low = await lowStockVariants({ pageSize: DIGEST_LINES }, tx, at);
    if (low.total === 0) return { outcome: "nothing_low", day, lowVariants: 0, recipients: 0 };
    const staff = await tx.select({ email: users.email }).from(users).where(eq(users.role, "staff")).orderBy(asc(users.email));
    const email = renderLowStockDigest({
      dayLabel: shopDay.format(at),
      lines: low.rows,
      total: low.total,
      salesWindowDays: SALES_WINDOW_DAYS,
      lowStockUrl: `${env().appUrl}/admin/stock/low`,
    });
    if (staff.length > 0) {
      await tx.insert(emailOutbox).values(staff.map((s) => ({ kind: `${LOW_STOCK_DIGEST}:${day}`, to: s.email, ...email, nextAttemptAt: at })));
    }
    return { outcome: "sent", day, lowVariants: low.total, recipients: staff.length };
  });
  if (report.recipients > 0) kickEmailDelivery();
  return report;
}
