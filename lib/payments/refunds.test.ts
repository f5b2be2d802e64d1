import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailOutbox, refund } from "@/db/schema";
import { whenIdle } from "@/lib/jobs/kick";
import { createOrder } from "@/test/orders";
import { cartWith, confirmed, startMercadoPagoForTests } from "./test-support";
import { processDueRefunds, recordRefund } from "./refunds";

const mercadoPago = startMercadoPagoForTests();

/** A real approved payment at the stand-in, and a refund of it owed for an order of ours. */
async function owedRefund() {
  const { owner } = await cartWith(5, 1);
  const link = await confirmed(owner);
  const paid = await mercadoPago().standIn.pay(link.preferenceId, "approved", { notify: false });
  const { id: orderId } = await createOrder({ status: "refund_pending" });
  await recordRefund(db, {
    mercadoPagoPaymentId: String(paid.id), reason: "sold_out", amountMinor: link.amountMinor, currency: "ARS", orderId,
  });
  return { paid, orderId };
}

describe("refunds", () => {
  it("records a Mercado Pago payment's refund once, however often it is owed", async () => {
    const { paid } = await owedRefund();
    await recordRefund(db, { mercadoPagoPaymentId: String(paid.id), reason: "duplicate", amountMinor: 1, currency: "ARS" });

    expect(await db.select().from(refund).where(eq(refund.mercadoPagoPaymentId, String(paid.id)))).toMatchObject([{ reason: "sold_out" }]);
  });

  it("refunds each owed payment exactly once when two workers run at the same time", async () => {
    const owed = await Promise.all([owedRefund(), owedRefund(), owedRefund()]);

    await Promise.all([processDueRefunds(), processDueRefunds()]);
    await whenIdle();

    const ids = owed.map((o) => o.paid.id);
    const atMercadoPago = mercadoPago().standIn.payments().filter((p) => ids.includes(p.id));
    expect(atMercadoPago.map((p) => [p.status, p.refunds.length])).toEqual(ids.map(() => ["refunded", 1]));
    const rows = await db.select().from(refund).where(inArray(refund.mercadoPagoPaymentId, ids.map(String)));
    expect(rows.every((r) => r.status === "refunded" && r.attempts === 1 && r.mercadoPagoRefundId !== null)).toBe(true);
    const emails = await db.select().from(emailOutbox).where(inArray(emailOutbox.orderId, owed.map((o) => o.orderId)));
    expect(emails.map((e) => e.kind.startsWith("refund:"))).toEqual([true, true, true]);
  });
});
