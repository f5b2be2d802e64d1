import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { formatMoney } from "@/components/format";
import { listProductsForStaff } from "@/lib/admin/products";
import { pageField, queryTextField } from "@/lib/forms";
import { requireStaff } from "@/lib/staff";
import "./products.css";

export const metadata: Metadata = { title: "Products" };

const querySchema = z.object({ q: queryTextField(100), page: pageField });

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ProductsPage({ searchParams }: Props) {
  await requireStaff();
  const { q, page } = querySchema.parse(await searchParams);
  const { products, hasNext } = await listProductsForStaff(q, page);
  const pageHref = (n: number) => `/admin/products?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
  return (
    <>
      <div className="admin-head">
        <h1>Products</h1>
        <Link className="button" href="/admin/products/new">New product</Link>
      </div>
      <form className="admin-form admin-form--inline" role="search" action="/admin/products">
        <div className="field">
          <label htmlFor="q">Search by name or slug</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <button type="submit" className="button button--ghost">Search</button>
      </form>
      {products.length === 0 ? <p className="muted">{q ? `No product matches “${q}”.` : "No products yet."}</p> : (
        <div className="admin-table-wrap">
          <table className="admin-table admin-table--cards">
            <caption className="sr-only">Products{q ? ` matching “${q}”` : ""}, page {page}</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Category</th><th scope="col" className="num">Price</th><th scope="col">Status</th><th scope="col" className="num">Variants</th></tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id}>
                  <td data-label="Name"><Link href={`/admin/products/${p.id}`}>{p.name}</Link><br /><span className="muted">{p.slug}</span></td>
                  <td data-label="Category">{p.category}</td>
                  <td data-label="Price" className="num">{formatMoney(p.priceMinor, p.currency)}</td>
                  <td data-label="Status">{p.isActive ? <span className="admin-pill admin-pill--ok">Active</span> : <span className="admin-pill">Hidden</span>}</td>
                  <td data-label="Variants" className="num">{p.variantCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="admin-pager" aria-label="Pages">
        {page > 1 ? <Link href={pageHref(page - 1)}>← Previous</Link> : <span />}
        <span className="muted">Page {page}</span>
        {hasNext ? <Link href={pageHref(page + 1)}>Next →</Link> : <span />}
      </nav>
    </>
  );
}
