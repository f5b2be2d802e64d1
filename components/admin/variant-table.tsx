import Link from "next/link";

type Variant = { id: number; size: string; color: string; sku: string | null; quantity: number; isActive: boolean };

/** A product's sizes and colours: units on hand (changed on the stock screens), whether each is sold, and a link to edit it. */
export function VariantTable({ productId, variants, editingId }: { productId: number; variants: Variant[]; editingId?: number }) {
  if (variants.length === 0) return <p className="muted">No sizes or colours yet: add the first one below.</p>;
  return (
    <div className="admin-table-wrap">
      <table className="admin-table admin-table--cards">
        <caption className="sr-only">Variants</caption>
        <thead>
          <tr><th scope="col">Size</th><th scope="col">Colour</th><th scope="col">SKU</th><th scope="col" className="num">On hand</th><th scope="col">Status</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v.id} aria-current={v.id === editingId ? "true" : undefined}>
              <td data-label="Size">{v.size}</td>
              <td data-label="Colour">{v.color}</td>
              <td data-label="SKU">{v.sku ?? <span className="muted">—</span>}</td>
              <td data-label="On hand" className="num">{v.quantity}</td>
              <td data-label="Status">{v.isActive ? <span className="admin-pill admin-pill--ok">Sold</span> : <span className="admin-pill">Hidden</span>}</td>
              <td>
                <div className="admin-row-links">
                  <Link href={`/admin/products/${productId}?variant=${v.id}#variant-form`}>Edit<span className="sr-only"> {v.size}, {v.color}</span></Link>
                  <Link href={`/admin/stock/${v.id}`}>Stock<span className="sr-only"> of {v.size}, {v.color}</span></Link>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
