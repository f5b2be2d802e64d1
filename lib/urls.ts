import "server-only";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "@/i18n/routing";

export { DEFAULT_LOCALE, LOCALES, type Locale } from "@/i18n/routing";
import { env } from "./env";

/** A page's path in a language: "/products/tee" → "/en/products/tee"; "/" → "/en". Query strings ride along. */
export function localizedPath(path: string, locale: Locale): string {
  if (!path.startsWith("/")) throw new Error(`not a path: ${path}`);
  if (locale === DEFAULT_LOCALE) return path;
  const [pathname = "/", query] = splitQuery(path);
  return `/${locale}${pathname === "/" ? "" : pathname}${query === undefined ? "" : `?${query}`}`;
}

// Paths that are the same in every language: the back office, the API, captured emails and photos.
const UNLOCALIZED = /^\/(admin|api|dev|images)(\/|$)/;

/**
 * Where to send a shopper after a form, in their language: "/" or "/orders" become
 * "/en" or "/en/orders" for an English shopper; a path already under a language
 * prefix, or outside the storefront (/admin…), stays.
 */
export function inLocale(path: string, locale: Locale): string {
  const [pathname = "/"] = splitQuery(path);
  if (UNLOCALIZED.test(pathname)) return path;
  const isPrefixed = LOCALES.some((other) => other !== DEFAULT_LOCALE && (pathname === `/${other}` || pathname.startsWith(`/${other}/`)));
  return isPrefixed ? path : localizedPath(path, locale);
}

function splitQuery(path: string): [string, string | undefined] {
  const at = path.indexOf("?");
  return at < 0 ? [path, undefined] : [path.slice(0, at), path.slice(at + 1)];
}

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
