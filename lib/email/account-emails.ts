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
    "— Percha",
  ].join("\n");
  return { subject: message.subject, html, text };
}

export function renderVerificationEmail(input: { name: string | null; email: string; url: string }): RenderedEmail {
  return render({
    subject: "Confirm your email for Percha",
    preheader: "One click to confirm your email address.",
    heading: `${greeting(input.name ?? "", "Welcome to Percha")}!`,
    paragraphs: [
      `Please confirm that ${input.email} is your email address. Once it is confirmed, orders you placed with it as a guest appear in your account.`,
      "The link works for 24 hours and only once.",
    ],
    strong: input.email,
    button: { label: "Confirm my email", url: input.url },
    footer: "Didn't create a Percha account? Ignore this email and nothing will change.",
  });
}

export function renderPasswordResetEmail(input: { name: string | null; url: string }): RenderedEmail {
  return render({
    subject: "Reset your Percha password",
    preheader: "A link to choose a new password. It works for one hour.",
    heading: `${greeting(input.name ?? "", "Hello")},`,
    paragraphs: [
      "Someone (hopefully you) asked to reset the password of your Percha account. Choose a new one with the button below.",
      "The link works for one hour and only once.",
    ],
    button: { label: "Choose a new password", url: input.url },
    footer: "Didn't ask for this? Ignore this email: your password stays as it is.",
  });
}

export function renderPasswordChangedEmail(input: { name: string | null; forgotUrl: string }): RenderedEmail {
  return render({
    subject: "Your Percha password was changed",
    preheader: "Your password was just changed with a reset link.",
    heading: `${greeting(input.name ?? "", "Hello")},`,
    paragraphs: [
      "The password of your Percha account was just changed with a reset link, and every device that was signed in has been signed out.",
      "If this was you, there is nothing else to do.",
    ],
    button: { label: "Wasn't you? Reset it again", url: input.forgotUrl },
    footer: "Only someone with access to this mailbox can reset your password.",
  });
}

export function renderOrderLinkEmail(input: { orderId: number; fullName: string; url: string }): RenderedEmail {
  const number = `#${input.orderId}`;
  return render({
    subject: `Your link to Percha order ${number}`,
    preheader: `Open order ${number} without signing in.`,
    heading: `${greeting(input.fullName, "Hello")},`,
    paragraphs: [
      `Here is the link to your order ${number}: its status, items and delivery address.`,
      "Keep this email: the button opens the order without signing in.",
    ],
    strong: number,
    button: { label: "View your order", url: input.url },
    footer: "Someone asked for this link on Percha with your email and order number. If it wasn't you, you can ignore it: the link only reaches this mailbox.",
  });
}
