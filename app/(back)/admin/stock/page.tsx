import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/admin/pager";
import { listStock, STOCK_PAGE_SIZE, stockFilterSchema, type StockFilter } from "@/lib/admin/stock";
import { requireStaff } from "@/lib/staff";
import "./stock.css";

export const metadata: Metadata = { title: "Stock" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function stockHref(filter: StockFilter, page: number): string {
  const query = new URLSearchParams();
  if (filter.q) query.set("q", filter.q);
  if (filter.inactive) query.set("inactive", "1");
  if (filter.soldOut) query.set("soldOut", "1");
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return search ? `/admin/stock?${search}` : "/admin/stock";
}

export default async function StockPage({ searchParams }: Props) {
  await requireStaff();
  const filter = stockFilterSchema.parse(await searchParams);
  const { rows, total } = await listStock(filter);
  const pageCount = Math.ceil(total / STOCK_PAGE_SIZE);
  return (
    <>
      <div className="admin-head">
        <h1>Stock</h1>
        <Link href="/admin/stock/low">Low stock →</Link>
      </div>
      <form className="admin-panel stock-filters" role="search" action="/admin/stock">
        <div className="field">
          <label htmlFor="q">Product name or SKU</label>
          <input id="q" name="q" type="search" defaultValue={filter.q} maxLength={100} />
        </div>
        <label className="stock-check"><input type="checkbox" name="soldOut" value="1" defaultChecked={filter.soldOut} /> Sold out only</label>
        <label className="stock-check"><input type="checkbox" name="inactive" value="1" defaultChecked={filter.inactive} /> Include inactive</label>
        <button type="submit" className="button">Search</button>
      </form>
      <div className="admin-table-wrap">
        <table className="admin-table admin-table--cards stock-table">
          <caption>
            {total.toLocaleString("en")} variant{total === 1 ? "" : "s"}{filter.q ? ` matching “${filter.q}”` : ""}, by product.
            Held: units in open payment links. Available: on hand minus held.
          </caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Size</th>
              <th scope="col">Colour</th>
              <th scope="col">SKU</th>
              <th scope="col" className="num">On hand</th>
              <th scope="col" className="num">Held</th>
              <th scope="col" className="num">Available</th>
              <th scope="col" className="num">Low at</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link href={`/admin/stock/${row.id}`} aria-label={`${row.productName}, ${row.size}, ${row.color}`}>{row.productName}</Link>
                  {row.isActive ? null : <> <span className="admin-pill">Inactive</span></>}
                </td>
                <td data-label="Size">{row.size}</td>
                <td data-label="Colour">{row.color}</td>
                <td data-label="SKU">{row.sku ?? "—"}</td>
                <td data-label="On hand" className="num">{row.quantity}</td>
                <td data-label="Held" className="num">{row.held}</td>
                <td data-label="Available" className="num">
                  {row.available === 0 ? <span className="admin-pill admin-pill--error">0 · sold out</span> : row.available}
                </td>
                <td data-label="Low at" className="num">{row.lowStockThreshold ?? <span className="muted">default</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p className="muted">No variants {filter.page > 1 ? "on this page" : "match"}. <Link href="/admin/stock">Show every variant</Link></p> : null}
      <Pager page={filter.page} pageCount={pageCount} href={(page) => stockHref(filter, page)} label="Stock pages" />
    </>
  );
}
