import { defineRouting } from "next-intl/routing";

/**
 * The shop's languages: Spanish (es-AR) without a prefix, English under /en.
 * The locale is read from the URL alone while rendering; the proxy in front
 * (proxy.ts) sends a visitor who has not chosen to their browser's language
 * and keeps a choice made with the language switcher in a cookie.
 */
export const LOCALES = ["es", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "es";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export const routing = defineRouting({
  locales: LOCALES,
  defaultLocale: DEFAULT_LOCALE,
  localePrefix: "as-needed",
  // A year: the shopper's choice outlives the browser session.
  localeCookie: { name: "NEXT_LOCALE", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" },
  // Pages name their twins themselves (lib/urls.ts pageAlternates), only where a twin exists.
  alternateLinks: false,
});
