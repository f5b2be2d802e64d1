import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AuditTrail } from "@/components/admin/audit-trail";
import { Pager } from "@/components/admin/pager";
import { LowStockDefaultForm } from "@/components/admin/stock-forms";
import { DIGEST_HOUR } from "@/lib/admin/low-stock-digest";
import { LOW_STOCK_PAGE_SIZE, lowStockVariants, SALES_WINDOW_DAYS } from "@/lib/admin/low-stock";
import { auditTrail } from "@/lib/audit";
import { pageField } from "@/lib/forms";
import { requireStaff } from "@/lib/staff";
import { lowStockDefaultAction } from "../actions";
import "../stock.css";

export const metadata: Metadata = { title: "Low stock" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const pageSchema = z.object({ page: pageField });

export default async function LowStockPage({ searchParams }: Props) {
  await requireStaff();
  const { page } = pageSchema.parse(await searchParams);
  const [{ rows, total, shopDefault }, audit] = await Promise.all([lowStockVariants({ page }), auditTrail("settings", 1)]);
  return (
    <>
      <div className="admin-head">
        <h1>Low stock</h1>
        <Link href="/admin/stock">All stock →</Link>
      </div>
      <p className="muted">
        Variants for sale whose available units (on hand minus units held by open payment links) are at or under their
        low-stock threshold: the variant&apos;s own, else the shop default of {shopDefault}. Most sold first, counting units
        sold in the last {SALES_WINDOW_DAYS} days. Every staff member gets this list by email each day after{" "}
        {String(DIGEST_HOUR).padStart(2, "0")}:00 (Argentina time) when something is low.
      </p>
      <div className="admin-table-wrap">
        <table className="admin-table admin-table--cards stock-table">
          <caption>{total.toLocaleString("en")} variant{total === 1 ? "" : "s"} low, most sold in the last {SALES_WINDOW_DAYS} days first.</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Size</th>
              <th scope="col">Colour</th>
              <th scope="col">SKU</th>
              <th scope="col" className="num">Sold ({SALES_WINDOW_DAYS} days)</th>
              <th scope="col" className="num">On hand</th>
              <th scope="col" className="num">Held</th>
              <th scope="col" className="num">Available</th>
              <th scope="col" className="num">Low at</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td><Link href={`/admin/stock/${row.id}`} aria-label={`${row.productName}, ${row.size}, ${row.color}`}>{row.productName}</Link></td>
                <td data-label="Size">{row.size}</td>
                <td data-label="Colour">{row.color}</td>
                <td data-label="SKU">{row.sku ?? "—"}</td>
                <td data-label={`Sold (${SALES_WINDOW_DAYS} days)`} className="num">{row.soldRecently}</td>
                <td data-label="On hand" className="num">{row.quantity}</td>
                <td data-label="Held" className="num">{row.held}</td>
                <td data-label="Available" className="num">
                  {row.available === 0 ? <span className="admin-pill admin-pill--error">0 · sold out</span> : <span className="admin-pill admin-pill--warn">{row.available}</span>}
                </td>
                <td data-label="Low at" className="num">{row.threshold}{row.usesShopDefault ? <span className="muted"> (default)</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="muted">{page > 1 ? "No variants on this page." : "Nothing is low. Well stocked!"}</p> : null}
      <Pager page={page} pageCount={Math.ceil(total / LOW_STOCK_PAGE_SIZE)} href={(p) => `/admin/stock/low?page=${p}`} label="Low stock pages" />

      <section className="admin-panel" aria-labelledby="shop-default-heading">
        <h2 id="shop-default-heading">Shop default</h2>
        <LowStockDefaultForm action={lowStockDefaultAction} shopDefault={shopDefault} />
        <h3>Changes by staff</h3>
        <AuditTrail entries={audit} />
      </section>
    </>
  );
}
