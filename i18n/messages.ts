import enAccount from "@/messages/en/account.json";
import enCart from "@/messages/en/cart.json";
import enCatalog from "@/messages/en/catalog.json";
import enCheckout from "@/messages/en/checkout.json";
import enCommon from "@/messages/en/common.json";
import enDelivery from "@/messages/en/delivery.json";
import enEmail from "@/messages/en/email.json";
import enForms from "@/messages/en/forms.json";
import enOrders from "@/messages/en/orders.json";
import enSearch from "@/messages/en/search.json";
import esAccount from "@/messages/es/account.json";
import esCart from "@/messages/es/cart.json";
import esCatalog from "@/messages/es/catalog.json";
import esCheckout from "@/messages/es/checkout.json";
import esCommon from "@/messages/es/common.json";
import esDelivery from "@/messages/es/delivery.json";
import esEmail from "@/messages/es/email.json";
import esForms from "@/messages/es/forms.json";
import esOrders from "@/messages/es/orders.json";
import esSearch from "@/messages/es/search.json";
import type { Locale } from "./routing";

/**
 * Every string the storefront shows, by language and namespace (one JSON
 * file per part of the shop). English is the reference: the Spanish files
 * must hold the same keys (i18n/messages.test.ts).
 */
export const MESSAGES = {
  en: { common: enCommon, catalog: enCatalog, cart: enCart, forms: enForms, checkout: enCheckout, orders: enOrders, email: enEmail, account: enAccount, search: enSearch, delivery: enDelivery },
  es: { common: esCommon, catalog: esCatalog, cart: esCart, forms: esForms, checkout: esCheckout, orders: esOrders, email: esEmail, account: esAccount, search: esSearch, delivery: esDelivery },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof MESSAGES)["en"];

/**
 * What the browser needs: the strings of client components only (forms that
 * word their own state, the gallery, the language links, the error page).
 * The rest is rendered on the server and never shipped twice.
 */
export function clientMessages(locale: Locale) {
  const { common, catalog, cart, checkout, account, delivery } = MESSAGES[locale];
  return {
    common: { header: common.header, language: common.language, error: common.error },
    catalog,
    cart: { line: cart.line, notices: cart.notices },
    checkout,
    account: { form: account.form, password: account.password, verify: account.verify },
    delivery,
  };
}
