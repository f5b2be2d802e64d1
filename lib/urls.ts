import "server-only";
import { localizedPath } from "@/i18n/paths";
import { DEFAULT_LOCALE, type Locale } from "@/i18n/routing";

export { DEFAULT_LOCALE, LOCALES, type Locale } from "@/i18n/routing";
export { inLocale, localizedPath } from "@/i18n/paths";
import { env } from "./env";

/** A path on APP_URL as an absolute URL: what emails, sitemaps and link previews need. */
export function absoluteUrl(path: string, appUrl: string = env().appUrl): string {
  if (!path.startsWith("/")) throw new Error(`not a path: ${path}`);
  return `${appUrl}${path}`;
}

/**
 * The absolute URL of a page in every language, and x-default: the
 * unprefixed page, which sends a visitor who has not chosen by their browser's language.
 */
export function languageUrls(path: string, appUrl: string = env().appUrl): Record<Locale | "x-default", string> {
  const url = (locale: Locale) => absoluteUrl(localizedPath(path, locale), appUrl);
  return { es: url("es"), en: url("en"), "x-default": url(DEFAULT_LOCALE) };
}

/**
 * A page's canonical URL and its language twins, as Next's metadata
 * `alternates` takes them. `locale` is the language of the page rendering it.
 */
export function pageAlternates(path: string, locale: Locale = DEFAULT_LOCALE, appUrl: string = env().appUrl) {
  return { canonical: absoluteUrl(localizedPath(path, locale), appUrl), languages: languageUrls(path, appUrl) };
}
