import { escapeHtml, greeting, renderEmailHtml, type RenderedEmail } from "./layout";

export type ShippedEmailInput = {
  orderId: number;
  fullName: string;
  carrier: string;
  trackingNumber: string;
  shipping: { address: string; city: string; postalCode: string };
  /** Absolute link to the order page, token included so it opens without signing in. */
  orderUrl: string;
};

/** Tells the buyer their order left the shop: with which carrier, and the number to track it. */
export function renderShippedEmail(input: ShippedEmailInput): RenderedEmail {
  const subject = `Your Percha order #${input.orderId} has shipped`;
  const hello = `${greeting(input.fullName, "Good news")}!`;
  const shipTo = `${input.shipping.address}, ${input.shipping.city} (${input.shipping.postalCode})`;
  const paragraph = (html: string) => `<p style="margin:0 0 12px;font-size:16px;line-height:1.5;">${html}</p>`;
  const html = renderEmailHtml({
    subject,
    preheader: `Order #${input.orderId} is on its way with ${input.carrier}.`,
    heading: hello,
    bodyHtml: [
      paragraph(`Your order <strong>#${input.orderId}</strong> is on its way to ${escapeHtml(shipTo)}.`),
      paragraph(`Carrier: <strong>${escapeHtml(input.carrier)}</strong><br>Tracking number: <strong>${escapeHtml(input.trackingNumber)}</strong>`),
    ].join("\n"),
    button: { label: "View your order", url: input.orderUrl },
    footer: "Use the tracking number on the carrier's website to follow the parcel. Free returns within 30 days.",
  });
  const text = [
    hello,
    "",
    `Your order #${input.orderId} is on its way to ${shipTo}.`,
    `Carrier: ${input.carrier}`,
    `Tracking number: ${input.trackingNumber}`,
    "",
    `View your order: ${input.orderUrl}`,
    "— Percha",
  ].join("\n");
  return { subject, html, text };
}
