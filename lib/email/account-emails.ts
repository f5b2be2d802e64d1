import { translator, type Locale } from "../i18n";
import { escapeHtml, greeting, renderEmailHtml, type EmailFrame, type RenderedEmail } from "./layout";

type Message = Omit<EmailFrame, "bodyHtml"> & {
  /** Plain-text paragraphs; the HTML escapes them, and bold marks the first `strong` text found. */
  paragraphs: string[];
  strong?: string;
};

/** One message in both forms: the shop's HTML frame and the plain text beside it. */
function render(message: Message): RenderedEmail {
  const paragraph = (text: string) => {
    const escaped = escapeHtml(text);
    const html = message.strong ? escaped.replace(escapeHtml(message.strong), `<strong>${escapeHtml(message.strong)}</strong>`) : escaped;
    return `<p style="margin:0 0 12px;font-size:16px;line-height:1.5;">${html}</p>`;
  };
  const html = renderEmailHtml({ ...message, bodyHtml: message.paragraphs.map(paragraph).join("\n") });
  const text = [
    `${message.heading}`,
    "",
    ...message.paragraphs.flatMap((p) => [p, ""]),
    `${message.button.label}: ${message.button.url}`,
    "",
    message.footer,
    translator(message.lang === "es" ? "es" : "en", "email")("signature"),
  ].join("\n");
  return { subject: message.subject, html, text };
}

type Account = { name: string | null; locale?: Locale };

export function renderVerificationEmail(input: Account & { email: string; url: string }): RenderedEmail {
  const t = translator(input.locale ?? "en", "email.verify");
  return render({
    subject: t("subject"),
    lang: input.locale,
    preheader: t("preheader"),
    heading: `${greeting(input.name ?? "", t("welcome"))}!`,
    paragraphs: [t("body", { email: input.email }), t("once")],
    strong: input.email,
    button: { label: t("button"), url: input.url },
    footer: t("footer"),
  });
}

export function renderPasswordResetEmail(input: Account & { url: string }): RenderedEmail {
  const t = translator(input.locale ?? "en", "email");
  return render({
    subject: t("reset.subject"),
    lang: input.locale,
    preheader: t("reset.preheader"),
    heading: `${greeting(input.name ?? "", t("hello"))},`,
    paragraphs: [t("reset.body"), t("reset.once")],
    button: { label: t("reset.button"), url: input.url },
    footer: t("reset.footer"),
  });
}

export function renderPasswordChangedEmail(input: Account & { forgotUrl: string }): RenderedEmail {
  const t = translator(input.locale ?? "en", "email");
  return render({
    subject: t("changed.subject"),
    lang: input.locale,
    preheader: t("changed.preheader"),
    heading: `${greeting(input.name ?? "", t("hello"))},`,
    paragraphs: [t("changed.body"), t("changed.ok")],
    button: { label: t("changed.button"), url: input.forgotUrl },
    footer: t("changed.footer"),
  });
}

export function renderOrderLinkEmail(input: { orderId: number; fullName: string; url: string; locale?: Locale }): RenderedEmail {
  const t = translator(input.locale ?? "en", "email");
  const number = `#${input.orderId}`;
  return render({
    subject: t("orderLink.subject", { number }),
    lang: input.locale,
    preheader: t("orderLink.preheader", { number }),
    heading: `${greeting(input.fullName, t("hello"))},`,
    paragraphs: [t("orderLink.body", { number }), t("orderLink.keep")],
    strong: number,
    button: { label: t("viewOrder"), url: input.url },
    footer: t("orderLink.footer"),
  });
}
