"use client";

import { useLocale, useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { usePathname } from "@/i18n/navigation";
import { LOCALES } from "@/i18n/routing";

/**
 * Links to this page in the other language. They carry the locale prefix
 * even for Spanish ("/es/cart"): the proxy answers with the unprefixed page
 * and remembers the choice in a cookie, so it holds without JavaScript and
 * over the browser's own language.
 */
export function LanguageSwitcher() {
  const t = useTranslations("common.language");
  const locale = useLocale();
  const pathname = usePathname();
  const query = useSearchParams().toString();
  const rest = `${pathname === "/" ? "" : pathname}${query ? `?${query}` : ""}`;
  return (
    <span className="language-switcher" role="group" aria-label={t("label")}>
      {LOCALES.filter((other) => other !== locale).map((other) => (
        <a key={other} href={`/${other}${rest}`} hrefLang={other} lang={other}>{t(`names.${other}`)}</a>
      ))}
    </span>
  );
}
