import { translator, type Locale } from "../i18n";
import { escapeHtml, greeting, renderEmailHtml, type RenderedEmail } from "./layout";

export type ShippedEmailInput = {
  orderId: number;
  fullName: string;
  carrier: string;
  trackingNumber: string;
  shipping: { address: string; city: string; postalCode: string };
  /** Absolute link to the order page, token included so it opens without signing in. */
  orderUrl: string;
  /** The language the order was placed in. */
  locale?: Locale;
};

/** Tells the buyer their order left the shop: with which carrier, and the number to track it. */
export function renderShippedEmail(input: ShippedEmailInput): RenderedEmail {
  const t = translator(input.locale ?? "en", "email");
  const id = input.orderId;
  const subject = t("shipped.subject", { id });
  const hello = `${greeting(input.fullName, t("shipped.goodNews"))}!`;
  const shipTo = `${input.shipping.address}, ${input.shipping.city} (${input.shipping.postalCode})`;
  const paragraph = (html: string) => `<p style="margin:0 0 12px;font-size:16px;line-height:1.5;">${html}</p>`;
  const carrier = t("shipped.carrier", { carrier: input.carrier });
  const tracking = t("shipped.tracking", { tracking: input.trackingNumber });
  const html = renderEmailHtml({
    subject,
    lang: input.locale,
    preheader: t("shipped.preheader", { id, carrier: input.carrier }),
    heading: hello,
    bodyHtml: [
      paragraph(t.markup("shipped.body", { id, address: escapeHtml(shipTo), strong: (text) => `<strong>${text}</strong>` })),
      paragraph(`${escapeHtml(carrier)}<br>${escapeHtml(tracking)}`),
    ].join("\n"),
    button: { label: t("viewOrder"), url: input.orderUrl },
    footer: t("shipped.footer"),
  });
  const text = [
    hello,
    "",
    t.markup("shipped.body", { id, address: shipTo, strong: (text) => text }),
    carrier,
    tracking,
    "",
    t("viewOrderText", { url: input.orderUrl }),
    t("signature"),
  ].join("\n");
  return { subject, html, text };
}
