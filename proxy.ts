import { NextResponse, type NextRequest } from "next/server";
import createMiddleware from "next-intl/middleware";
import { DEFAULT_LOCALE, LOCALES, routing } from "./i18n/routing";

const intl = createMiddleware(routing);

// An encoded control character (%00–%1F, %7F): no page of ours has one.
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)/i;

/**
 * Unprefixed pages are Spanish unless the visitor's browser asks for
 * English (then the /en twin) or they chose a language before (cookie).
 * Only the storefront's pages pass here: the API, the back office, the
 * captured emails, images and files keep their paths in every language.
 */
export default function proxy(request: NextRequest) {
  // next-intl would decode and drop it, turning "/products/tee%00" into a redirect to a real page.
  // Kept as it is, the path names no page: the shop's own 404.
  const { pathname, search } = request.nextUrl;
  if (ENCODED_CONTROL.test(pathname)) {
    const isPrefixed = LOCALES.some((locale) => pathname === `/${locale}` || pathname.startsWith(`/${locale}/`));
    return isPrefixed ? NextResponse.next() : NextResponse.rewrite(new URL(`/${DEFAULT_LOCALE}${pathname}${search}`, request.url));
  }
  return intl(request);
}

export const config = {
  matcher: ["/((?!api|admin|dev|images|_next|_vercel|.*\\..*).*)"],
};
