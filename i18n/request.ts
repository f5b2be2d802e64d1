import { locale as localeParam } from "next/root-params";
import { hasLocale } from "next-intl";
import { getRequestConfig } from "next-intl/server";
import { MESSAGES } from "./messages";
import { DEFAULT_LOCALE, routing } from "./routing";

/**
 * The language of this render, taken from the URL's [locale] segment (the
 * root param). Server actions and route handlers have no root params; there
 * the proxy's rewrite tells next-intl which page the request belongs to.
 */
export default getRequestConfig(async ({ requestLocale, locale: given }) => {
  const requested = given ?? (await rootLocale()) ?? (await requestLocale);
  const locale = hasLocale(routing.locales, requested) ? requested : DEFAULT_LOCALE;
  return { locale, messages: MESSAGES[locale], timeZone: "America/Argentina/Buenos_Aires" };
});

async function rootLocale(): Promise<string | undefined> {
  try {
    return await localeParam();
  } catch {
    return undefined;
  }
}
