export type RenderedEmail = { subject: string; html: string; text: string };

const INK = "#1c1b19";
export const MUTED = "#6b675f";
export const LINE = "#e6e1d8";
const ACCENT = "#234e3c";
const FONT = "-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

export type EmailFrame = {
  subject: string;
  /** The line mail clients show beside the subject. */
  preheader: string;
  heading: string;
  /** Trusted HTML: callers escape what they interpolate. */
  bodyHtml: string;
  button: { label: string; url: string };
  footer: string;
  /** The language of the email: "es" or "en" (the default). */
  lang?: string;
};

/** The shop's email frame: inline styles and tables, which is what mail clients render. */
export function renderEmailHtml(frame: EmailFrame): string {
  return `<!doctype html>
<html lang="${frame.lang === "es" ? "es-AR" : "en"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(frame.subject)}</title></head>
<body style="margin:0;padding:0;background:#fbfaf7;color:${INK};font-family:${FONT};">
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(frame.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#fbfaf7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid ${LINE};border-radius:10px;">
<tr><td style="padding:24px 28px 0;font-size:20px;font-weight:800;letter-spacing:2px;">PERCHA</td></tr>
<tr><td style="padding:16px 28px 0;">
<h1 style="margin:0 0 8px;font-size:22px;line-height:1.3;">${escapeHtml(frame.heading)}</h1>
${frame.bodyHtml}
</td></tr>
<tr><td align="center" style="padding:28px 28px 8px;">
<a href="${escapeHtml(frame.button.url)}" style="display:inline-block;background:${ACCENT};color:#ffffff;text-decoration:none;font-weight:600;font-size:16px;padding:12px 24px;border-radius:8px;">${escapeHtml(frame.button.label)}</a>
</td></tr>
<tr><td style="padding:8px 28px 24px;color:${MUTED};font-size:13px;line-height:1.5;text-align:center;">${escapeHtml(frame.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

/** "Thank you, Ana!" from a full name, or without the name when there is none. */
export function greeting(fullName: string, opening: string): string {
  const firstName = fullName.trim().split(/\s+/)[0] ?? "";
  return firstName ? `${opening}, ${firstName}` : opening;
}
