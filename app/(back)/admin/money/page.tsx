import type { Metadata } from "next";
import { PendingRefundsTable, UnmatchedPaymentsTable } from "@/components/admin/money-tables";
import { moneyQueue } from "@/lib/admin/money";
import { now } from "@/lib/clock";
import { requireStaff } from "@/lib/staff";

export const metadata: Metadata = { title: "Money" };

export default async function AdminMoneyPage() {
  await requireStaff();
  const queue = await moneyQueue();
  return (
    <>
      <div className="admin-head"><h1>Money that needs a person</h1></div>
      <section className="admin-panel" aria-labelledby="pending-title">
        <h2 id="pending-title">Refunds Mercado Pago has not accepted ({queue.pendingCount})</h2>
        <p className="muted">The refund job keeps retrying these with the same idempotency key. Open one to retry now or to record how it was settled by hand.</p>
        {queue.pending.length === 0 ? <p>Nothing waiting: every refund owed has gone through.</p> : <PendingRefundsTable refunds={queue.pending} at={now()} />}
        {queue.pendingCount > queue.pending.length ? <p className="muted">Showing the oldest {queue.pending.length}.</p> : null}
      </section>
      <section className="admin-panel" aria-labelledby="unmatched-title">
        <h2 id="unmatched-title">Payments that matched no order</h2>
        <p className="muted">Approved on our Mercado Pago account for no order of ours; each is refunded automatically.</p>
        {queue.unmatched.length === 0 ? <p>None.</p> : <UnmatchedPaymentsTable refunds={queue.unmatched} />}
      </section>
    </>
  );
}
