import { formatMoney } from "@/components/format";
import { REFUND_REASON_TEXT, type RefundReason } from "@/lib/payments/refund-reasons";
import { escapeHtml, greeting, renderEmailHtml, type RenderedEmail } from "./layout";

export type RefundEmailInput = {
  orderId: number;
  fullName: string;
  reason: RefundReason;
  amountMinor: number;
  currency: string;
  /** Absolute link to the order page, token included. */
  orderUrl: string;
};

/** Tells the buyer a payment went back to them, how much and why. */
export function renderRefundEmail(input: RefundEmailInput): RenderedEmail {
  const subject = `Your refund for Percha order #${input.orderId}`;
  const amount = formatMoney(input.amountMinor, input.currency);
  const hello = `${greeting(input.fullName, "Hello")},`;
  const why = REFUND_REASON_TEXT[input.reason];
  const timing = "Mercado Pago has returned the money; it can take a few business days to show on your statement.";
  const html = renderEmailHtml({
    subject,
    preheader: `We refunded ${amount} for order #${input.orderId}.`,
    heading: hello,
    bodyHtml: `<p style="margin:0 0 12px;font-size:16px;line-height:1.5;">We refunded <strong>${escapeHtml(amount)}</strong> for order <strong>#${input.orderId}</strong>.</p>
<p style="margin:0 0 12px;font-size:16px;line-height:1.5;">${escapeHtml(why)}</p>
<p style="margin:0;font-size:16px;line-height:1.5;">${escapeHtml(timing)}</p>`,
    button: { label: "View your order", url: input.orderUrl },
    footer: "Questions? Reply to this email and we'll help.",
  });
  const text = [
    hello,
    "",
    `We refunded ${amount} for order #${input.orderId}.`,
    why,
    timing,
    "",
    `View your order: ${input.orderUrl}`,
    "— Percha",
  ].join("\n");
  return { subject, html, text };
}
