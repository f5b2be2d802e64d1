// The core alone: lib/ also runs outside React (jobs, scripts, tests), where next-intl's React entry cannot load.
import { createTranslator, type Messages, type NamespaceKeys, type NestedKeyOf } from "use-intl/core";
import { MESSAGES } from "@/i18n/messages";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/i18n/routing";

export { isLocale, type Locale };

/**
 * The shop's strings in one language, outside a page render: rules in lib/
 * that word a result (a cart change, a form error), emails (in the language
 * the order was placed in) and jobs. Pages use next-intl's own helpers.
 * Functions in lib/ take the language as their last argument; actions always
 * pass the page's, and callers that name none (tests, scripts) get English.
 */
export function translator<Namespace extends NamespaceKeys<Messages, NestedKeyOf<Messages>>>(locale: Locale, namespace: Namespace) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace });
}

/** A stored or posted language tag as one of ours; anything else is the shop's default. */
export function localeOf(value: unknown): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}
