import { useTranslations } from "next-intl";
import type { StockNotice } from "@/lib/cart";

/** Tells the shopper which lines changed because stock ran short, and why. */
export function StockNotices({ notices }: { notices: StockNotice[] }) {
  const t = useTranslations("cart.notices");
  if (notices.length === 0) return null;
  return (
    <div className="notice notice--warn" role="status" data-testid="stock-notices">
      <strong>{t("heading")}</strong>
      <ul>
        {notices.map((n) => (
          <li key={`${n.productName}-${n.size}-${n.color}`}>
            {t(n.to === 0 ? "soldOut" : "lowered", { item: n.productName, size: n.size, color: n.color, from: n.from, to: n.to })}
          </li>
        ))}
      </ul>
    </div>
  );
}
