import type { StockNotice } from "@/lib/cart";

/** Tells the shopper which lines changed because stock ran short, and why. */
export function StockNotices({ notices }: { notices: StockNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="notice notice--warn" role="status" data-testid="stock-notices">
      <strong>Some items in your cart changed because stock ran low:</strong>
      <ul>
        {notices.map((n) => (
          <li key={`${n.productName}-${n.size}-${n.color}`}>
            {n.to === 0
              ? `${n.productName} (${n.size}, ${n.color}) sold out and was removed from your cart (you had ${n.from}).`
              : `${n.productName} (${n.size}, ${n.color}): only ${n.to} left, so we lowered your quantity from ${n.from} to ${n.to}.`}
          </li>
        ))}
      </ul>
    </div>
  );
}
