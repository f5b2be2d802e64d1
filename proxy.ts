import createMiddleware from "next-intl/middleware";
import { routing } from "./i18n/routing";

/**
 * Unprefixed pages are Spanish unless the visitor's browser asks for
 * English (then the /en twin) or they chose a language before (cookie).
 * Only the storefront's pages pass here: the API, the back office, the
 * captured emails, images and files keep their paths in every language.
 */
export default createMiddleware(routing);

export const config = {
  matcher: ["/((?!api|admin|dev|images|_next|_vercel|.*\\..*).*)"],
};
