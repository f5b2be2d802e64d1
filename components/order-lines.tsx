import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import { sizedPhotoUrl } from "@/lib/images/sizes";
import type { OrderLine } from "@/lib/orders";
import { formatMoney } from "./format";

type Props = { lines: OrderLine[]; currency: string; compact?: boolean };

/** The lines of an order as bought: the prices and names are the order's, not today's catalog. */
export function OrderLines({ lines, currency, compact = false }: Props) {
  const t = useTranslations("orders");
  return (
    <ul className={`order-lines${compact ? " order-lines--compact" : ""}`}>
      {lines.map((line) => (
        <li key={`${line.productSlug}-${line.size}-${line.color}`} className="order-line">
          {/* eslint-disable-next-line @next/next/no-img-element -- the colour's photo, ready-sized from /images; alt="": the name is beside it */}
          <img className="order-line__image" src={sizedPhotoUrl(line.image, 240)} alt="" width={compact ? 56 : 80} height={compact ? 70 : 100} loading="lazy" />
          <div className="order-line__info">
            {compact ? (
              <span className="order-line__name">{line.productName}</span>
            ) : (
              <Link className="order-line__name" href={`/products/${line.productSlug}`}>{line.productName}</Link>
            )}
            <span className="muted">
              {t("lineDetails", { size: line.size, color: line.color, quantity: line.quantity })}
              {compact ? null : t("lineUnit", { price: formatMoney(line.unitPriceMinor, currency) })}
            </span>
          </div>
          <span className="order-line__total">{formatMoney(line.lineTotalMinor, currency)}</span>
        </li>
      ))}
    </ul>
  );
}
