import { and, count, eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailOutbox, itemStock, jobRun, users } from "@/db/schema";
import { setClockOffset } from "@/lib/clock";
import { whenIdle } from "@/lib/jobs/kick";
import { createProduct } from "@/test/factories";
import { createStaff } from "@/test/staff";
import { lowStockDefault } from "./stock";
import { DIGEST_HOUR, LOW_STOCK_DIGEST, sendLowStockDigest, shopClock } from "./low-stock-digest";

/** Sets the clock to `hour:minute` in Buenos Aires, `daysAhead` days after today there. */
function setShopTime(daysAhead: number, hour: number, minute = 0): string {
  const [year, month, day] = shopClock(new Date()).day.split("-").map(Number);
  // Argentina keeps UTC−3 all year.
  const at = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) + daysAhead, hour + 3, minute));
  expect(shopClock(at).hour).toBe(hour);
  setClockOffset(at.getTime() - Date.now());
  return shopClock(at).day;
}

const digestsOf = (day: string) => db.select().from(emailOutbox).where(eq(emailOutbox.kind, `${LOW_STOCK_DIGEST}:${day}`));
const staffCount = async () => (await db.select({ count: count() }).from(users).where(eq(users.role, "staff")))[0]?.count ?? 0;

afterEach(async () => {
  await whenIdle();
  setClockOffset(0);
});

describe("the daily low-stock digest", () => {
  it("reads the shop's day and hour in Argentina time", () => {
    expect(shopClock(new Date("2026-03-01T10:59:00Z"))).toEqual({ day: "2026-03-01", hour: 7 });
    expect(shopClock(new Date("2026-03-01T11:00:00Z"))).toEqual({ day: "2026-03-01", hour: 8 });
    expect(shopClock(new Date("2026-03-02T02:30:00Z"))).toEqual({ day: "2026-03-01", hour: 23 });
  });

  it("waits for its hour, then emails every staff member what is low, once that day", async () => {
    const staff = [await createStaff(), await createStaff()];
    const created = await createProduct([{ quantity: 0 }, { quantity: 50 }]);

    const day = setShopTime(1, DIGEST_HOUR - 1, 59);
    expect(await sendLowStockDigest()).toEqual({ outcome: "too_early", day, lowVariants: 0, recipients: 0 });
    expect(await digestsOf(day)).toEqual([]);
    expect(await db.select().from(jobRun).where(and(eq(jobRun.name, LOW_STOCK_DIGEST), eq(jobRun.period, day)))).toEqual([]);

    setShopTime(1, DIGEST_HOUR);
    const report = await sendLowStockDigest();
    await whenIdle();

    expect(report).toMatchObject({ outcome: "sent", day, recipients: await staffCount() });
    const emails = await digestsOf(day);
    expect(emails).toHaveLength(await staffCount());
    expect(emails.map((e) => e.to)).toEqual(expect.arrayContaining(staff.map((s) => s.email)));
    const [email] = emails;
    expect(email?.subject).toMatch(/^Low stock: \d+ variants? to restock \(\d+ \w+ \d{4}\)$/);
    expect(email?.text).toContain(`${created.name} (S · Black): 0 left, alert at ${await lowStockDefault()}; 0 sold in 30 days`);
    expect(email?.text).not.toContain(`${created.name} (M · Black)`);
    expect(email?.html).toContain("/admin/stock/low");

    setShopTime(1, 23, 45);
    expect(await sendLowStockDigest()).toMatchObject({ outcome: "already_done", day });
    expect(await digestsOf(day)).toHaveLength(await staffCount());
  });

  it("goes out once when two app instances check at the same moment", async () => {
    await createStaff();
    await createProduct([{ quantity: 1 }]);
    const day = setShopTime(2, DIGEST_HOUR, 15);

    const reports = await Promise.all([sendLowStockDigest(), sendLowStockDigest(), sendLowStockDigest()]);

    expect(reports.map((r) => r.outcome).sort()).toEqual(["already_done", "already_done", "sent"]);
    expect(await digestsOf(day)).toHaveLength(await staffCount());
    expect(await db.select().from(jobRun).where(and(eq(jobRun.name, LOW_STOCK_DIGEST), eq(jobRun.period, day)))).toHaveLength(1);
  });

  it("sends nothing on a day when nothing is low", async () => {
    await createStaff();
    const day = setShopTime(3, DIGEST_HOUR);
    // Everything else in this database is put out of the way for the moment (inactive variants are never low).
    const hidden = await db.update(itemStock).set({ isActive: false }).where(eq(itemStock.isActive, true)).returning({ id: itemStock.id });
    try {
      await createProduct([{ quantity: 40 }]);
      expect(await sendLowStockDigest()).toEqual({ outcome: "nothing_low", day, lowVariants: 0, recipients: 0 });
      expect(await digestsOf(day)).toEqual([]);
      expect(await sendLowStockDigest()).toMatchObject({ outcome: "already_done" });
    } finally {
      await db.update(itemStock).set({ isActive: true }).where(inArray(itemStock.id, hidden.map((h) => h.id)));
    }
  });
});
