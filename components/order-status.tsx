import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Link } from "@/i18n/navigation";
import type { OrderDisplayStatus } from "@/lib/orders";
import type { RefundView } from "@/lib/payments/refunds";
import { AutoRefresh } from "./auto-refresh";
import { formatDate, formatMoney } from "./format";

export function OrderStatusBadge({ status }: { status: OrderDisplayStatus }) {
  const t = useTranslations("orders.status");
  return <span className={`order-badge order-badge--${status}`}>{t(status)}</span>;
}

type PanelProps = {
  status: OrderDisplayStatus;
  payLink: string | null;
  payBy: Date | null;
  refunds: RefundView[];
  shipment: { carrier: string; trackingNumber: string } | null;
};

/** What the status means for the shopper and what happens next, with any refund and why. */
export function OrderStatusPanel(props: PanelProps) {
  const t = useTranslations("orders.panel");
  const isAboutRefunds = props.status === "refunding" || props.status === "refunded" || props.status === "cancelled";
  return (
    <>
      <StatusPanel {...props} />
      {!isAboutRefunds && props.refunds.length > 0 ? (
        <Panel tone="warn" title={t("refundedPayment")} id="order-refunds"><RefundList refunds={props.refunds} /></Panel>
      ) : null}
    </>
  );
}

function StatusPanel({ status, payLink, payBy, refunds, shipment }: PanelProps) {
  const t = useTranslations("orders.panel");
  const locale = useLocale();
  const backToCart = <Link className="button button--ghost" href="/cart">{t("backToCart")}</Link>;
  switch (status) {
    case "shipped":
      return (
        <Panel tone="ok" title={t("shippedTitle")}>
          {shipment ? (
            <p>
              {t.rich("shippedWith", {
                carrier: shipment.carrier,
                trackingNumber: shipment.trackingNumber,
                strong: (text) => <strong>{text}</strong>,
                number: (text) => <strong data-testid="tracking-number">{text}</strong>,
              })}
            </p>
          ) : (
            <p>{t("shippedPlain")}</p>
          )}
        </Panel>
      );
    case "cancelled":
      return (
        <Panel tone="warn" title={t("cancelledTitle")}>
          <RefundList refunds={refunds} />
        </Panel>
      );
    case "paid":
      return <Panel tone="ok" title={t("paidTitle")}>{t("paidBody")}</Panel>;
    case "awaiting_payment":
      return payLink ? (
        <Panel tone="warn" title={t("waitingTitle")}>
          <p>{payBy ? t("reservedUntil", { date: formatDate(payBy, locale) }) : t("reserved")}</p>
          <a className="button" href={payLink}>{t("payButton")}</a>
        </Panel>
      ) : (
        <Panel tone="warn" title={t("waitingTitle")}>{t("waitingBody")}</Panel>
      );
    case "confirming":
      return (
        <Panel tone="info" title={t("confirmingTitle")}>
          <p>{t("confirmingBody")}</p>
          <AutoRefresh />
        </Panel>
      );
    case "rejected":
      return (
        <Panel tone="error" title={t("rejectedTitle")}>
          <p>{t("rejectedBody")}</p>
          {backToCart}
        </Panel>
      );
    case "expired":
      return (
        <Panel tone="error" title={t("expiredTitle")}>
          <p>{t("expiredBody")}</p>
          {backToCart}
        </Panel>
      );
    case "replaced":
      return (
        <Panel tone="info" title={t("replacedTitle")}>
          <p>{t("replacedBody")}</p>
          {backToCart}
        </Panel>
      );
    case "refunding":
      return (
        <Panel tone="warn" title={t("refundingTitle")}>
          <RefundList refunds={refunds} />
        </Panel>
      );
    case "refunded":
      return (
        <Panel tone="warn" title={t("refundedTitle")}>
          <RefundList refunds={refunds} />
        </Panel>
      );
  }
}

/** Each refund of the order: why, how much, and whether Mercado Pago has returned it yet. */
function RefundList({ refunds }: { refunds: RefundView[] }) {
  const t = useTranslations("orders");
  const locale = useLocale();
  return (
    <ul className="refund-list">
      {refunds.map((refund, index) => {
        const amount = formatMoney(refund.amountMinor, refund.currency);
        return (
          <li key={index} data-testid="refund">
            <p>{t(`refundReason.${refund.reason}`)}</p>
            <p className="muted">
              {refund.isDone && refund.refundedAt
                ? t("panel.refundDone", { amount, date: formatDate(refund.refundedAt, locale) })
                : t("panel.refundPending", { amount })}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

type Tone = "ok" | "warn" | "error" | "info";

function Panel({ tone, title, id = "order-panel", children }: { tone: Tone; title: string; id?: string; children: ReactNode }) {
  return (
    <section className={`order-panel order-panel--${tone}`} aria-labelledby={`${id}-title`} role="status">
      <h2 id={`${id}-title`}>{title}</h2>
      {typeof children === "string" ? <p>{children}</p> : children}
    </section>
  );
}
