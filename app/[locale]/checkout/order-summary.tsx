import { useTranslations } from "next-intl";
import { formatMoney } from "@/components/format";
import { NoticeIcon } from "@/components/notice-icon";
import { Link } from "@/i18n/navigation";
import { sizedPhotoUrl } from "@/lib/images/sizes";
import { FreeShippingNote, ShippingTotals } from "@/components/shipping-quote";
import type { Cart } from "@/lib/cart";

/**
 * The lines being bought, shipping to the chosen province and the total,
 * beside the checkout form (inside its ShippingQuoteProvider); a line stock
 * no longer covers says what is left.
 */
export function OrderSummary({ cart }: { cart: Cart }) {
  const t = useTranslations("checkout");
  return (
    <aside className="checkout-panel checkout-summary" aria-labelledby="summary-title">
      <div className="checkout-summary__head">
        <h2 id="summary-title">{t("summary")}</h2>
        <Link href="/cart">{t("editCart")}</Link>
      </div>
      <ul className="summary-lines">
        {cart.lines.map((line) => (
          <li key={line.variantId} className="summary-line" data-testid="summary-line">
            {/* eslint-disable-next-line @next/next/no-img-element -- the colour's photo, ready-sized from /images; alt="": the name is beside it */}
            <img src={sizedPhotoUrl(line.image, 240)} alt="" width={56} height={70} />
            <div>
              <p className="summary-line__name">{line.productName}</p>
              <p className="muted">{t("lineDetails", { size: line.size, color: line.color, quantity: line.quantity })}</p>
              {line.quantity > line.available ? (
                <p className={`summary-line__short summary-line__short--${line.available === 0 ? "none" : "low"}`}>
                  <NoticeIcon tone={line.available === 0 ? "error" : "warn"} />
                  {line.available === 0 ? t("soldOut") : t("onlyLeft", { count: line.available })}
                </p>
              ) : null}
            </div>
            <p className="summary-line__price">{formatMoney(line.unitPriceMinor * line.quantity, line.currency)}</p>
          </li>
        ))}
      </ul>
      <dl className="summary-totals">
        <div><dt>{t("subtotal")}</dt><dd>{formatMoney(cart.totalMinor, cart.currency)}</dd></div>
        <ShippingTotals />
      </dl>
      <FreeShippingNote />
    </aside>
  );
}
