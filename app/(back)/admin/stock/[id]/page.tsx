import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AuditTrail } from "@/components/admin/audit-trail";
import { Pager } from "@/components/admin/pager";
import { CorrectionForm, CountForm, RestockForm, ThresholdForm } from "@/components/admin/stock-forms";
import { formatDate, formatDelta } from "@/components/format";
import { HISTORY_PAGE_SIZE, movementHistory, variantStock } from "@/lib/admin/stock";
import { databaseIdField, pageField } from "@/lib/forms";
import { auditTrail } from "@/lib/audit";
import { requireStaff } from "@/lib/staff";
import { correctionAction, countAction, restockAction, thresholdAction } from "../actions";
import "../stock.css";

export const metadata: Metadata = { title: "Variant stock" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const pageSchema = z.object({ page: pageField });

const REASONS = { restock: "Restock", count: "Count", sale: "Sale", return: "Return", correction: "Correction" } as const;

export default async function VariantStockPage({ params, searchParams }: Props) {
  await requireStaff();
  const id = databaseIdField.safeParse((await params).id);
  if (!id.success) notFound();
  const { page } = pageSchema.parse(await searchParams);
  const [variant, history, audit] = await Promise.all([variantStock(id.data), movementHistory(id.data, page), auditTrail("variant", id.data)]);
  if (!variant) notFound();
  const title = `${variant.productName} — ${variant.size}, ${variant.color}`;
  return (
    <>
      <p className="breadcrumb"><Link href="/admin/stock">Stock</Link> / {variant.productName}</p>
      <div className="admin-head">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            SKU {variant.sku ?? "none"} · {variant.isActive ? <Link href={`/products/${variant.productSlug}`}>On the storefront</Link> : <span className="admin-pill">Inactive: not for sale</span>}
          </p>
        </div>
      </div>

      <dl className="stock-figures">
        <div><dt>On hand</dt><dd>{variant.quantity}</dd></div>
        <div><dt>Held by open payment links</dt><dd>{variant.held}</dd></div>
        <div><dt>Available</dt><dd>{variant.available}{variant.available <= variant.threshold ? <small>Low stock</small> : null}</dd></div>
        <div><dt>Low-stock threshold</dt><dd>{variant.threshold}<small>{variant.lowStockThreshold === null ? "shop default" : "this variant's own"}</small></dd></div>
      </dl>
      {variant.held > variant.quantity ? (
        <p className="notice notice--warn" role="note">
          Open payment links hold {variant.held}, more than the {variant.quantity} on hand. If they are all paid, {variant.held - variant.quantity} will be refunded as sold out.
        </p>
      ) : null}

      <section className="admin-panel" aria-labelledby="holds-heading">
        <h2 id="holds-heading">Held by open payment links</h2>
        {variant.holds.length === 0 ? (
          <p className="muted">No open payment link holds this variant.</p>
        ) : (
          <table className="admin-table">
            <caption>Released when paid, rejected, replaced or lapsed, whichever comes first.</caption>
            <thead><tr><th scope="col">Order</th><th scope="col" className="num">Units</th><th scope="col">Lapses</th></tr></thead>
            <tbody>
              {variant.holds.map((hold) => (
                <tr key={`${hold.orderId}-${hold.expiresAt.toISOString()}`}>
                  <td><Link href={`/admin/orders/${hold.orderId}`}>Order #{hold.orderId}</Link></td>
                  <td className="num">{hold.quantity}</td>
                  <td><time dateTime={hold.expiresAt.toISOString()}>{formatDate(hold.expiresAt)}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="admin-grid">
        <section className="admin-panel" aria-labelledby="restock-heading">
          <h2 id="restock-heading">Restock</h2>
          <RestockForm action={restockAction} variantId={variant.id} />
        </section>
        <section className="admin-panel" aria-labelledby="count-heading">
          <h2 id="count-heading">Count (stocktake)</h2>
          <CountForm action={countAction} variantId={variant.id} held={variant.held} />
        </section>
        <section className="admin-panel" aria-labelledby="correction-heading">
          <h2 id="correction-heading">Correction</h2>
          <CorrectionForm action={correctionAction} variantId={variant.id} />
        </section>
        <section className="admin-panel" aria-labelledby="threshold-heading">
          <h2 id="threshold-heading">Low-stock alert</h2>
          <ThresholdForm action={thresholdAction} variantId={variant.id} threshold={variant.lowStockThreshold} shopDefault={variant.shopDefault} />
        </section>
      </div>

      <section className="admin-panel" aria-labelledby="history-heading">
        <h2 id="history-heading">Movement history</h2>
        <div className="admin-table-wrap">
          <table className="admin-table admin-table--cards stock-table">
            <caption>Every change of on hand, newest first ({history.total.toLocaleString("en")} in all).</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">Change</th>
                <th scope="col" className="num">On hand after</th>
                <th scope="col">Note</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {history.rows.map((m) => (
                <tr key={m.id}>
                  <td><time dateTime={m.createdAt.toISOString()}>{formatDate(m.createdAt)}</time></td>
                  <td data-label="Reason">{REASONS[m.reason]}</td>
                  <td data-label="Change" className={`num ${m.delta > 0 ? "stock-delta--up" : m.delta < 0 ? "stock-delta--down" : ""}`}>{formatDelta(m.delta)}</td>
                  <td data-label="On hand after" className="num">{m.quantityAfter}</td>
                  <td data-label="Note" className="stock-wide">{m.note ?? "—"}</td>
                  <td data-label="By">
                    {m.orderId !== null ? <Link href={`/admin/orders/${m.orderId}`}>Order #{m.orderId}</Link> : m.staffEmail ?? "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={page} pageCount={Math.ceil(history.total / HISTORY_PAGE_SIZE)} href={(p) => `/admin/stock/${variant.id}?page=${p}#history-heading`} label="History pages" />
      </section>

      <section className="admin-panel" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Changes by staff</h2>
        <AuditTrail entries={audit} />
      </section>
    </>
  );
}
