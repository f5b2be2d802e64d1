import { formatMoney } from "@/components/format";
import { translator, type Locale } from "../i18n";
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
  /** The language the order was placed in. */
  locale?: Locale;
};

/** The purchase confirmation, as HTML (inline styles, tables: what mail clients render) and plain text. */
export function renderPurchaseEmail(input: PurchaseEmailInput): RenderedEmail {
  const t = translator(input.locale ?? "en", "email");
  const id = input.orderId;
  const subject = t("purchase.subject", { id });
  const money = (minor: number) => formatMoney(minor, input.currency);
  const hello = `${greeting(input.fullName, t("purchase.thanks"))}!`;
  const { province } = input.shipping;
  const shipTo = `${input.shipping.address}, ${input.shipping.city}${province ? `, ${province}` : ""} (${input.shipping.postalCode})`;
  const shippingLabel = province ? t("purchase.shippingTo", { province }) : t("purchase.shipping");
  const shippingText = input.shippingMinor === null ? null : input.shippingMinor === 0 ? t("purchase.free") : money(input.shippingMinor);

  const rows = input.lines
    .map(
      (line) => `<tr>
<td width="76" style="padding:12px 12px 12px 0;border-bottom:1px solid ${LINE};vertical-align:top;"><img src="${escapeHtml(line.imageUrl)}" alt="${escapeHtml(t("purchase.photoAlt", { item: line.productName, color: line.color }))}" width="64" height="80" style="display:block;width:64px;height:80px;border-radius:6px;background:#f0ede6;object-fit:cover;"></td>
<td style="padding:12px 0;border-bottom:1px solid ${LINE};">
<div style="font-weight:600;">${escapeHtml(line.productName)}</div>
<div style="color:${MUTED};font-size:14px;">${escapeHtml(t("purchase.line", { size: line.size, color: line.color, quantity: line.quantity, price: money(line.unitPriceMinor) }))}</div>
</td>
<td style="padding:12px 0;border-bottom:1px solid ${LINE};text-align:right;white-space:nowrap;vertical-align:top;">${money(line.unitPriceMinor * line.quantity)}</td>
</tr>`,
    )
    .join("\n");

  const html = renderEmailHtml({
    subject,
    lang: input.locale,
    preheader: t("purchase.preheader", { id }),
    heading: hello,
    bodyHtml: `<p style="margin:0;font-size:16px;line-height:1.5;">${t.markup("purchase.body", { id, address: escapeHtml(shipTo), strong: (text) => `<strong>${text}</strong>` })}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin-top:20px;font-size:15px;border-top:1px solid ${LINE};">
${rows}
${shippingText === null ? "" : `<tr><td colspan="2" style="padding:12px 0 0;">${escapeHtml(shippingLabel)}</td><td style="padding:12px 0 0;text-align:right;white-space:nowrap;">${escapeHtml(shippingText)}</td></tr>`}
<tr><td colspan="2" style="padding:14px 0 0;font-weight:700;">${escapeHtml(t("purchase.total"))}</td><td style="padding:14px 0 0;text-align:right;font-weight:700;white-space:nowrap;">${money(input.totalMinor)}</td></tr>
</table>`,
    button: { label: t("viewOrder"), url: input.orderUrl },
    footer: t("purchase.footer"),
  });

  const text = [
    hello,
    "",
    t.markup("purchase.body", { id, address: shipTo, strong: (text) => text }),
    "",
    ...input.lines.map((line) =>
      t("purchase.textLine", {
        item: line.productName, size: line.size, color: line.color, quantity: line.quantity,
        price: money(line.unitPriceMinor), total: money(line.unitPriceMinor * line.quantity),
      })),
    "",
    ...(shippingText === null ? [] : [`${shippingLabel}: ${shippingText}`]),
    t("purchase.textTotal", { total: money(input.totalMinor) }),
    "",
    t("viewOrderText", { url: input.orderUrl }),
    "",
    t("purchase.textKeep"),
    t("signature"),
  ].join("\n");

  return { subject, html, text };
}
