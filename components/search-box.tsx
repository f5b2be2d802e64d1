import { useLocale, useTranslations } from "next-intl";
import { getPathname } from "@/i18n/navigation";
import "./search-box.css";

/**
 * The header's search: a plain GET form to the search page in the
 * shopper's language, so it works before (or without) JavaScript.
 */
export function SearchBox({ id, className }: { id: string; className?: string }) {
  const t = useTranslations("search.box");
  const locale = useLocale();
  return (
    <form role="search" aria-label={t("label")} method="get" action={getPathname({ href: "/search", locale })} className={`search-box ${className ?? ""}`}>
      <label htmlFor={id} className="sr-only">{t("label")}</label>
      <input id={id} type="search" name="q" placeholder={t("placeholder")} maxLength={100} enterKeyHint="search" autoComplete="off" />
      <button type="submit" className="search-box__submit" aria-label={t("submit")}>
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 20 20"><circle cx="8.5" cy="8.5" r="5.75" fill="none" stroke="currentColor" strokeWidth="2" /><path d="m13 13 4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /></svg>
      </button>
    </form>
  );
}
