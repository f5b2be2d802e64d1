import enCommon from "@/messages/en/common.json";
import enDelivery from "@/messages/en/delivery.json";
import esCommon from "@/messages/es/common.json";
import esDelivery from "@/messages/es/delivery.json";
import type { Locale } from "./routing";

/**
 * Every string the storefront shows, by language and namespace (one JSON
 * file per part of the shop). English is the reference: the Spanish files
 * must hold the same keys (i18n/messages.test.ts).
 */
export const MESSAGES = {
  en: { common: enCommon, delivery: enDelivery },
  es: { common: esCommon, delivery: esDelivery },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof MESSAGES)["en"];
