import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import { searchQueryString, type SearchParams } from "@/lib/search-params";
import { formatMoney } from "../format";

/** The filters in force, each a chip whose link is the same search without it. */
export function ActiveFilters({ params }: { params: SearchParams }) {
  const t = useTranslations("search.active");
  const pesos = (value: number) => formatMoney(value * 100);
  const { minPrice: min, maxPrice: max } = params;
  const chips: Array<[string, Partial<SearchParams>]> = [];
  if (params.category) chips.push([params.category, { category: undefined }]);
  if (params.size) chips.push([params.size, { size: undefined }]);
  if (params.color) chips.push([params.color, { color: undefined }]);
  if (min !== undefined || max !== undefined) {
    const label = min !== undefined && max !== undefined ? t("price", { min: pesos(min), max: pesos(max) })
      : min !== undefined ? t("from", { min: pesos(min) }) : t("upTo", { max: pesos(max ?? 0) });
    chips.push([label, { minPrice: undefined, maxPrice: undefined }]);
  }
  if (params.inStock) chips.push([t("inStock"), { inStock: false }]);
  if (chips.length === 0) return null;
  return (
    <ul className="active-filters" aria-label={t("label")}>
      {chips.map(([label, without]) => (
        <li key={label}>
          <Link className="chip chip--removable" href={`/search${searchQueryString(params, without)}`} aria-label={t("remove", { filter: label })}>
            {label} <span aria-hidden="true">×</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
