import { formatMoney } from "@/components/format";
import type { RefundReason } from "@/lib/payments/refund-reasons";
import { translator, type Locale } from "../i18n";
import { escapeHtml, greeting, renderEmailHtml, type RenderedEmail } from "./layout";

export type RefundEmailInput = {
  orderId: number;
  fullName: string;
  reason: RefundReason;
  amountMinor: number;
  currency: string;
  /** Absolute link to the order page, token included. */
  orderUrl: string;
  /** The language the order was placed in. */
  locale?: Locale;
};

/** Tells the buyer a payment went back to them, how much and why. */
export function renderRefundEmail(input: RefundEmailInput): RenderedEmail {
  const locale = input.locale ?? "en";
  const t = translator(locale, "email");
  const id = input.orderId;
  const subject = t("refund.subject", { id });
  const amount = formatMoney(input.amountMinor, input.currency);
  const hello = `${greeting(input.fullName, t("hello"))},`;
  const why = translator(locale, "orders.refundReason")(input.reason);
  const timing = t("refund.timing");
  const paragraph = (html: string, last = false) => `<p style="margin:0${last ? "" : " 0 12px"};font-size:16px;line-height:1.5;">${html}</p>`;
  const html = renderEmailHtml({
    subject,
    lang: input.locale,
    preheader: t("refund.preheader", { amount, id }),
    heading: hello,
    bodyHtml: [
      paragraph(t.markup("refund.body", { amount: escapeHtml(amount), id, strong: (text) => `<strong>${text}</strong>` })),
      paragraph(escapeHtml(why)),
      paragraph(escapeHtml(timing), true),
    ].join("\n"),
    button: { label: t("viewOrder"), url: input.orderUrl },
    footer: t("refund.footer"),
  });
  const text = [
    hello,
    "",
    t.markup("refund.body", { amount, id, strong: (text) => text }),
    why,
    timing,
    "",
    t("viewOrderText", { url: input.orderUrl }),
    t("signature"),
  ].join("\n");
  return { subject, html, text };
}
