import type { translator } from "@/lib/i18n";

type CatalogTranslator = ReturnType<typeof translator<"catalog">>;

// Building an Intl formatter costs far more than using one, so each is built once.
const moneyFormatters = new Map<string, Intl.NumberFormat>();
const DATE_STYLE = { dateStyle: "medium", timeStyle: "short", timeZone: "America/Argentina/Buenos_Aires" } as const;
const dateFormatters = { en: new Intl.DateTimeFormat("en-GB", DATE_STYLE), es: new Intl.DateTimeFormat("es-AR", DATE_STYLE) };

/** The one money formatter: integer minor units to "$ 18.500,00". */
export function formatMoney(minor: number, currency = "ARS"): string {
  let formatter = moneyFormatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat("es-AR", { style: "currency", currency });
    moneyFormatters.set(currency, formatter);
  }
  return formatter.format(minor / 100);
}

/** A moment in Buenos Aires time, as its readers write dates ("27 Nov 2026, 13:05" or "27 nov 2026, 13:05"). */
export function formatDate(date: Date, locale: "en" | "es" = "en"): string {
  return dateFormatters[locale].format(date);
}

/** "Sold out", "Only 2 left" or "In stock", in the page's language. */
export function availabilityLabel(available: number, t: CatalogTranslator): string {
  if (available === 0) return t("soldOut");
  if (available <= 3) return t("onlyLeft", { count: available });
  return t("inStock");
}

/** "+3", "−2", "0": a stock ledger delta as staff read it. */
export function formatDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : "0";
}

/** How long ago, roughly: "45 min", "3 h", "2 d". */
export function formatAge(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
}
