"use client";

import { useTranslations } from "next-intl";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { provinceOf, type ProvinceCode } from "@/lib/delivery/provinces";
import { quoteShipping, type ShippingRates } from "@/lib/delivery/shipping";
import { formatMoney } from "./format";

type Quote = {
  rates: ShippingRates;
  subtotalMinor: number;
  currency: string;
  province: ProvinceCode | null;
  setProvince: (province: string | null) => void;
};

const ShippingContext = createContext<Quote | null>(null);

type Props = { rates: ShippingRates; subtotalMinor: number; currency: string; children: ReactNode };

/**
 * Checkout's shipping, shared by the delivery fields (which pick the
 * province) and the order summary (which shows its cost). Only a preview:
 * confirm prices shipping again on the server from the settings in force.
 */
export function ShippingQuoteProvider({ rates, subtotalMinor, currency, children }: Props) {
  const [province, setProvinceCode] = useState<ProvinceCode | null>(null);
  const value = useMemo<Quote>(
    () => ({ rates, subtotalMinor, currency, province, setProvince: (code) => setProvinceCode(provinceOf(code)?.code ?? null) }),
    [rates, subtotalMinor, currency, province],
  );
  return <ShippingContext.Provider value={value}>{children}</ShippingContext.Provider>;
}

/** Tells the summary which province the shopper chose; nothing outside a ShippingQuoteProvider. */
export function useChooseProvince(): (province: string | null) => void {
  return useContext(ShippingContext)?.setProvince ?? noop;
}
const noop = () => {};

/** The summary's shipping and total rows (inside its <dl>), for the chosen province. */
export function ShippingTotals() {
  const t = useTranslations("delivery");
  const quote = useContext(ShippingContext);
  if (!quote) return null;
  const { rates, subtotalMinor, currency, province } = quote;
  const line = province ? quoteShipping(rates, province, subtotalMinor) : null;
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <>
      <div className="summary-totals__shipping">
        <dt>
          {t("shipping")}
          {province ? <span className="summary-totals__to">{t("shippingTo", { province: provinceOf(province)?.name ?? province })}</span> : null}
        </dt>
        <dd data-testid="checkout-shipping">{line ? (line.amountMinor === 0 ? t("free") : money(line.amountMinor)) : t("chooseProvinceFirst")}</dd>
      </div>
      <div className="summary-totals__total">
        <dt>{t("total")}</dt>
        <dd data-testid="checkout-total">{money(subtotalMinor + (line?.amountMinor ?? 0))}</dd>
      </div>
    </>
  );
}

/** Under the summary: the free-shipping threshold, while the order does not reach it. */
export function FreeShippingNote() {
  const t = useTranslations("delivery");
  const quote = useContext(ShippingContext);
  if (!quote || quote.rates.freeOverMinor === null || quote.subtotalMinor >= quote.rates.freeOverMinor) return null;
  return <p className="summary-totals__note muted">{t("freeOver", { amount: formatMoney(quote.rates.freeOverMinor, quote.currency) })}</p>;
}
