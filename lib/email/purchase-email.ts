import { formatMoney } from "@/components/format";

export type PurchaseEmailInput = {
  orderId: number;
  fullName: string;
  lines: Array<{ productName: string; size: string; color: string; quantity: number; unitPriceMinor: number }>;
  totalMinor: number;
  currency: string;
  shipping: { address: string; city: string; postalCode: string };
  /** Absolute link to the order page, token included so it opens without signing in. */
  orderUrl: string;
};

export type RenderedEmail = { subject: string; html: string; text: string };

const INK = "#1c1b19";
const MUTED = "#6b675f";
const LINE = "#e6e1d8";
const ACCENT = "#234e3c";
const FONT = "-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** The purchase confirmation, as HTML (inline styles, tables: what mail clients render) and plain text. */
export function renderPurchaseEmail(input: PurchaseEmailInput): RenderedEmail {
  const subject = `Your Percha order #${input.orderId} is confirmed`;
  const money = (minor: number) => formatMoney(minor, input.currency);
  const firstName = input.fullName.trim().split(/\s+/)[0] ?? "";
  const greeting = firstName ? `Thank you, ${firstName}!` : "Thank you!";
  const shipTo = `${input.shipping.address}, ${input.shipping.city} (${input.shipping.postalCode})`;

  const rows = input.lines
    .map(
      (line) => `<tr>
<td style="padding:12px 0;border-bottom:1px solid ${LINE};">
<div style="font-weight:600;">${escapeHtml(line.productName)}</div>
<div style="color:${MUTED};font-size:14px;">${escapeHtml(line.size)} · ${escapeHtml(line.color)} · Qty ${line.quantity} × ${money(line.unitPriceMinor)}</div>
</td>
<td style="padding:12px 0;border-bottom:1px solid ${LINE};text-align:right;white-space:nowrap;vertical-align:top;">${money(line.unitPriceMinor * line.quantity)}</td>
</tr>`,
    )
    .join("\n");

  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#fbfaf7;color:${INK};font-family:${FONT};">
<div style="display:none;max-height:0;overflow:hidden;">We got your payment for order #${input.orderId} and are preparing it.</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#fbfaf7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid ${LINE};border-radius:10px;">
<tr><td style="padding:24px 28px 0;font-size:20px;font-weight:800;letter-spacing:2px;">PERCHA</td></tr>
<tr><td style="padding:16px 28px 0;">
<h1 style="margin:0 0 8px;font-size:22px;line-height:1.3;">${escapeHtml(greeting)}</h1>
<p style="margin:0;font-size:16px;line-height:1.5;">Your order <strong>#${input.orderId}</strong> is confirmed and paid. We're preparing it now and will ship it to ${escapeHtml(shipTo)}.</p>
</td></tr>
<tr><td style="padding:20px 28px 0;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="font-size:15px;border-top:1px solid ${LINE};">
${rows}
<tr><td style="padding:14px 0 0;font-weight:700;">Total</td><td style="padding:14px 0 0;text-align:right;font-weight:700;white-space:nowrap;">${money(input.totalMinor)}</td></tr>
</table>
</td></tr>
<tr><td align="center" style="padding:28px 28px 8px;">
<a href="${escapeHtml(input.orderUrl)}" style="display:inline-block;background:${ACCENT};color:#ffffff;text-decoration:none;font-weight:600;font-size:16px;padding:12px 24px;border-radius:8px;">View your order</a>
</td></tr>
<tr><td style="padding:8px 28px 24px;color:${MUTED};font-size:13px;line-height:1.5;text-align:center;">Keep this email: the button opens your order without signing in. Free returns within 30 days.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;

  const text = [
    greeting,
    "",
    `Your order #${input.orderId} is confirmed and paid. We're preparing it now and will ship it to ${shipTo}.`,
    "",
    ...input.lines.map(
      (line) =>
        `- ${line.productName} (${line.size}, ${line.color}) — ${line.quantity} × ${money(line.unitPriceMinor)} = ${money(line.unitPriceMinor * line.quantity)}`,
    ),
    "",
    `Total: ${money(input.totalMinor)}`,
    "",
    `View your order: ${input.orderUrl}`,
    "",
    "Keep this email: the link opens your order without signing in.",
    "— Percha",
  ].join("\n");

  return { subject, html, text };
}
