import { formatMoney } from "@/components/format";
import { escapeHtml, greeting, LINE, MUTED, renderEmailHtml, type RenderedEmail } from "./layout";

export type PurchaseEmailInput = {
  orderId: number;
  fullName: string;
  /** `imageUrl`: the bought colour's photo, absolute (mail clients load it from the shop). */
  lines: Array<{ productName: string; size: string; color: string; quantity: number; unitPriceMinor: number; imageUrl: string }>;
  totalMinor: number;
  currency: string;
  shipping: { address: string; city: string; postalCode: string; province: string | null };
  /** The shipping line (0: free); null for an order placed before shipping was charged. */
  shippingMinor: number | null;
  /** Absolute link to the order page, token included so it opens without signing in. */
  orderUrl: string;
};

/** The purchase confirmation, as HTML (inline styles, tables: what mail clients render) and plain text. */
export function renderPurchaseEmail(input: PurchaseEmailInput): RenderedEmail {
  const subject = `Your Percha order #${input.orderId} is confirmed`;
  const money = (minor: number) => formatMoney(minor, input.currency);
  const hello = `${greeting(input.fullName, "Thank you")}!`;
  const { province } = input.shipping;
  const shipTo = `${input.shipping.address}, ${input.shipping.city}${province ? `, ${province}` : ""} (${input.shipping.postalCode})`;
  const shippingText = input.shippingMinor === null ? null : input.shippingMinor === 0 ? "Free" : money(input.shippingMinor);

  const rows = input.lines
    .map(
      (line) => `<tr>
<td width="76" style="padding:12px 12px 12px 0;border-bottom:1px solid ${LINE};vertical-align:top;"><img src="${escapeHtml(line.imageUrl)}" alt="${escapeHtml(`${line.productName} in ${line.color}`)}" width="64" height="80" style="display:block;width:64px;height:80px;border-radius:6px;background:#f0ede6;object-fit:cover;"></td>
<td style="padding:12px 0;border-bottom:1px solid ${LINE};">
<div style="font-weight:600;">${escapeHtml(line.productName)}</div>
<div style="color:${MUTED};font-size:14px;">${escapeHtml(line.size)} · ${escapeHtml(line.color)} · Qty ${line.quantity} × ${money(line.unitPriceMinor)}</div>
</td>
<td style="padding:12px 0;border-bottom:1px solid ${LINE};text-align:right;white-space:nowrap;vertical-align:top;">${money(line.unitPriceMinor * line.quantity)}</td>
</tr>`,
    )
    .join("\n");

  const html = renderEmailHtml({
    subject,
    preheader: `We got your payment for order #${input.orderId} and are preparing it.`,
    heading: hello,
    bodyHtml: `<p style="margin:0;font-size:16px;line-height:1.5;">Your order <strong>#${input.orderId}</strong> is confirmed and paid. We're preparing it now and will ship it to ${escapeHtml(shipTo)}.</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin-top:20px;font-size:15px;border-top:1px solid ${LINE};">
${rows}
${shippingText === null ? "" : `<tr><td colspan="2" style="padding:12px 0 0;">Shipping${province ? ` to ${escapeHtml(province)}` : ""}</td><td style="padding:12px 0 0;text-align:right;white-space:nowrap;">${shippingText}</td></tr>`}
<tr><td colspan="2" style="padding:14px 0 0;font-weight:700;">Total</td><td style="padding:14px 0 0;text-align:right;font-weight:700;white-space:nowrap;">${money(input.totalMinor)}</td></tr>
</table>`,
    button: { label: "View your order", url: input.orderUrl },
    footer: "Keep this email: the button opens your order without signing in. Free returns within 30 days.",
  });

  const text = [
    hello,
    "",
    `Your order #${input.orderId} is confirmed and paid. We're preparing it now and will ship it to ${shipTo}.`,
    "",
    ...input.lines.map(
      (line) =>
        `- ${line.productName} (${line.size}, ${line.color}) — ${line.quantity} × ${money(line.unitPriceMinor)} = ${money(line.unitPriceMinor * line.quantity)}`,
    ),
    "",
    ...(shippingText === null ? [] : [`Shipping${province ? ` to ${province}` : ""}: ${shippingText}`]),
    `Total: ${money(input.totalMinor)}`,
    "",
    `View your order: ${input.orderUrl}`,
    "",
    "Keep this email: the link opens your order without signing in.",
    "— Percha",
  ].join("\n");

  return { subject, html, text };
}
