import { escapeHtml, LINE, MUTED, renderEmailHtml, type RenderedEmail } from "./layout";

export type LowStockLine = {
  productName: string;
  size: string;
  color: string;
  sku: string | null;
  available: number;
  threshold: number;
  soldRecently: number;
};

export type LowStockDigestInput = {
  /** The shop's day, as staff read it: "27 November 2026". */
  dayLabel: string;
  /** The first lines, most sold first; `total` may be more. */
  lines: LowStockLine[];
  total: number;
  salesWindowDays: number;
  /** Absolute link to the low-stock view. */
  lowStockUrl: string;
};

const variantLabel = (line: LowStockLine) => `${line.size} · ${line.color}${line.sku ? ` · SKU ${line.sku}` : ""}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The daily digest to staff: what is at or under its low-stock threshold, most sold first. */
export function renderLowStockDigest(input: LowStockDigestInput): RenderedEmail {
  const subject = `Low stock: ${plural(input.total, "variant")} to restock (${input.dayLabel})`;
  const summary = `${plural(input.total, "variant")} ${input.total === 1 ? "is" : "are"} at or under ${input.total === 1 ? "its" : "their"} low-stock threshold, most sold in the last ${input.salesWindowDays} days first.`;
  const more = input.total > input.lines.length ? `…and ${input.total - input.lines.length} more in the back office.` : null;
  const rows = input.lines
    .map(
      (line) => `<tr>
<td style="padding:10px 0;border-bottom:1px solid ${LINE};">
<div style="font-weight:600;">${escapeHtml(line.productName)}</div>
<div style="color:${MUTED};font-size:14px;">${escapeHtml(variantLabel(line))}</div>
</td>
<td style="padding:10px 0 10px 12px;border-bottom:1px solid ${LINE};text-align:right;white-space:nowrap;vertical-align:top;"><strong>${line.available}</strong> left (alert at ${line.threshold})<br><span style="color:${MUTED};font-size:14px;">${line.soldRecently} sold in ${input.salesWindowDays} days</span></td>
</tr>`,
    )
    .join("\n");
  const html = renderEmailHtml({
    subject,
    preheader: summary,
    heading: "Low stock today",
    bodyHtml: `<p style="margin:0;font-size:16px;line-height:1.5;">${escapeHtml(summary)}</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin-top:16px;font-size:15px;border-top:1px solid ${LINE};">
${rows}
</table>
${more ? `<p style="margin:12px 0 0;color:${MUTED};font-size:14px;">${escapeHtml(more)}</p>` : ""}`,
    button: { label: "Open low stock", url: input.lowStockUrl },
    footer: "Sent to every staff member once a day, when something is low.",
  });
  const text = [
    "Low stock today",
    "",
    summary,
    "",
    ...input.lines.map(
      (line) => `- ${line.productName} (${variantLabel(line)}): ${line.available} left, alert at ${line.threshold}; ${line.soldRecently} sold in ${input.salesWindowDays} days`,
    ),
    ...(more ? ["", more] : []),
    "",
    `Open low stock: ${input.lowStockUrl}`,
    "— Percha",
  ].join("\n");
  return { subject, html, text };
}
