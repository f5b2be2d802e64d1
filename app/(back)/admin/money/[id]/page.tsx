import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/action-form";
import { AuditTrail } from "@/components/admin/audit-trail";
import { RefundFacts, RefundAttempts } from "@/components/admin/refund-sections";
import { RefundStatusPill } from "@/components/admin/order-labels";
import { ResolveForm } from "@/components/admin/refund-forms";
import { getMoneyItem } from "@/lib/admin/money";
import { requireStaff } from "@/lib/staff";
import { resolveRefundAction, retryRefundAction } from "./actions";

export const metadata: Metadata = { title: "Refund" };

type Props = { params: Promise<{ id: string }> };

export default async function AdminRefundPage({ params }: Props) {
  await requireStaff();
  const id = z.uuid().safeParse((await params).id);
  const item = id.success ? await getMoneyItem(id.data) : null;
  if (!item) notFound();
  const { refund } = item;
  return (
    <>
      <p className="breadcrumb"><Link href="/admin/money">Money</Link> / Mercado Pago payment {refund.mercadoPagoPaymentId}</p>
      <div className="admin-head">
        <h1>Refund of payment {refund.mercadoPagoPaymentId}</h1>
        <p role="status"><RefundStatusPill status={refund.status} /></p>
      </div>
      {refund.status === "pending" ? (
        <section className="admin-panel admin-actions" aria-labelledby="actions-title">
          <h2 id="actions-title">Actions</h2>
          <ActionForm action={retryRefundAction} submitLabel="Retry now" pendingLabel="Asking Mercado Pago…">
            <input type="hidden" name="refundId" value={refund.id} />
          </ActionForm>
          <div className="admin-danger">
            <h3>Resolved by hand</h3>
            <ResolveForm action={resolveRefundAction} refundId={refund.id} />
          </div>
        </section>
      ) : null}
      <div className="admin-grid admin-grid--detail">
        <section className="admin-panel" aria-labelledby="facts-title">
          <h2 id="facts-title">Details</h2>
          <RefundFacts item={item} />
        </section>
        <section className="admin-panel" aria-labelledby="history-title">
          <h2 id="history-title">Calls to Mercado Pago</h2>
          <RefundAttempts attempts={item.attempts} />
          <h3>Staff changes</h3>
          <AuditTrail entries={item.audit} />
        </section>
      </div>
    </>
  );
}
