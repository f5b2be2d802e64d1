import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import type { Variant } from "@/lib/catalog";
import { productChoicePath } from "@/lib/paths";
import { availabilityLabel } from "./format";

type Props = { slug: string; variants: Variant[]; color: string; size: string | null };

const href = (slug: string, color: string, size?: string) => productChoicePath(slug, { color, size });

/** Colour and size choices as links, so choosing works with or without JavaScript. */
export function VariantPicker({ slug, variants, color, size }: Props) {
  const colors = [...new Set(variants.map((v) => v.color))];
  const sizes = variants.filter((v) => v.color === color);
  const t = useTranslations("catalog");
  return (
    <>
      <div className="option-group">
        <h2 id="color-label">{t("colour")} <span className="muted">{color}</span></h2>
        <ul className="options" aria-labelledby="color-label">
          {colors.map((c) => {
            const soldOut = variants.every((v) => v.color !== c || v.available === 0);
            return (
              <li key={c}>
                <Link className={`chip${soldOut ? " chip--disabled" : ""}`} href={href(slug, c)} aria-current={c === color ? "true" : undefined} scroll={false}>
                  {c}{soldOut ? <span className="sr-only"> {t("colourSoldOut")}</span> : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
      <div className="option-group">
        <h2 id="size-label">{t("size")}</h2>
        <ul className="options" aria-labelledby="size-label">
          {sizes.map((v) => (
            <li key={v.id}>
              {v.available === 0 ? (
                <span className="size-option size-option--sold-out" aria-disabled="true">
                  {v.size}
                  <small>{t("soldOut")}</small>
                </span>
              ) : (
                <Link className="size-option" href={href(slug, color, v.size)} aria-current={v.size === size ? "true" : undefined} scroll={false}>
                  {v.size}
                  <small>{availabilityLabel(v.available, t)}</small>
                </Link>
              )}
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
