import { DEFAULT_LOCALE, LOCALES, type Locale } from "./routing";

/**
 * Page paths in a language. Plain functions of the path, with nothing of the
 * server in them, so the end-to-end tests ask the same question the app does.
 */

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
