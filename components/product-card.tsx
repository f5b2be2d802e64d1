import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import { formatMoney } from "./format";

type Props = { slug: string; name: string; image: string; priceMinor: number; currency: string; isSoldOut: boolean; colors: string[]; priority?: boolean };

export function ProductCard({ slug, name, image, priceMinor, currency, isSoldOut, colors, priority }: Props) {
  const t = useTranslations("catalog");
  return (
    <Link href={`/products/${slug}`} className="card">
      <div className="card__image">
        {/* eslint-disable-next-line @next/next/no-img-element -- small local SVGs need no optimiser */}
        <img src={image} alt={name} width={400} height={500} loading={priority ? "eager" : "lazy"} />
        {isSoldOut ? <span className="badge">{t("soldOut")}</span> : null}
      </div>
      <span className="card__name">{name}</span>
      <span className="card__meta">
        <span>{formatMoney(priceMinor, currency)}</span>
        <span>{t("colourCount", { count: colors.length })}</span>
      </span>
    </Link>
  );
}
