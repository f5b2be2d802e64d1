import { useTranslations } from "next-intl";
import type { ShippingEstimate } from "@/lib/delivery/shipping";
import { formatMoney } from "./format";

/** The cart summary's shipping row: free, or from the cheapest rate until checkout knows the province. */
export function CartShipping({ estimate, currency }: { estimate: ShippingEstimate; currency: string }) {
  const t = useTranslations("delivery");
  const money = (minor: number) => formatMoney(minor, currency);
  return (
    <>
      <p className="cart-summary__row">
        <span>{t("shipping")}</span>
        <span data-testid="cart-shipping">{estimate.isFree ? t("free") : t("cartFrom", { amount: money(estimate.fromMinor) })}</span>
      </p>
      <p className="muted cart-summary__note cart-summary__shipping-note" data-testid="cart-shipping-note">
        {estimate.isFree ? t("cartFree") : t("cartCalculated")}
        {estimate.missingForFreeMinor !== null ? <> <strong>{t("cartMissing", { amount: money(estimate.missingForFreeMinor) })}</strong></> : null}
      </p>
    </>
  );
}
