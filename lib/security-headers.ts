/**
 * The security headers of every response the shop sends. The Content
 * Security Policy is nonce based: Next.js reads the nonce from the policy on
 * the request and puts it on the scripts and styles it renders, so a script
 * without it (an injected one) never runs, and no inline style attribute is
 * allowed because no page renders one.
 */
import { randomBytes } from "node:crypto";

/**
 * Where "Confirm order" may send the browser. The checkout action answers a
 * form post with a redirect to the preference's init_point, and Chromium
 * applies form-action to every hop of that redirect. Live links are on
 * Mercado Pago Argentina, which may pass the shopper on to Mercado Libre to sign in.
 */
const LIVE_CHECKOUT_SOURCES = ["https://*.mercadopago.com.ar", "https://*.mercadolibre.com.ar", "https://*.mercadolibre.com"];

/** Powerful browser features the shop never uses, denied to the shop and anything it embeds. */
const DENIED_FEATURES = [
  "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
  "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
  "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
];

// Two years, as commonly recommended. No includeSubDomains: the shop cannot know its sibling hosts.
const HSTS = "max-age=63072000";

export type PolicyOptions = {
  /** A fresh nonce for this response (newNonce()). */
  nonce: string;
  appUrl: string;
  /** MERCADOPAGO_API_URL: the stand-in serves its checkout pages from it; unset means the real Mercado Pago. */
  mercadoPagoApiUrl: string | undefined;
  /** The request's path, without the query. */
  path?: string;
};

/** A demo mode captured email, as its page frames it (app/dev/emails/[id]/html). */
const CAPTURED_EMAIL_DOCUMENT = /^\/dev\/emails\/[^/]+\/html$/;

/**
 * The policy of a captured email's document. Emails style every element
 * inline, as mail clients require, which the shop's policy forbids: this
 * document may have inline styles and images, no script at all, is
 * sandboxed, and only the shop may frame it.
 */
const CAPTURED_EMAIL_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' https: data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "sandbox allow-popups allow-popups-to-escape-sandbox",
].join("; ");

/** 128 random bits, base64 as the CSP grammar and Next's nonce reader expect. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The nonce in a policy contentSecurityPolicy() wrote, for markup the page adds itself (JSON-LD). */
export function nonceFromPolicy(policy: string | null | undefined): string | undefined {
  return /'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(policy ?? "")?.[1];
}

export function contentSecurityPolicy({ nonce, appUrl, mercadoPagoApiUrl }: PolicyOptions): string {
  const checkout = mercadoPagoApiUrl ? [new URL(mercadoPagoApiUrl).origin] : LIVE_CHECKOUT_SOURCES;
  const directives = [
    "default-src 'self'",
    // strict-dynamic lets Next's nonced bootstrap load its chunks; host sources are then ignored by CSP3 browsers.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${checkout.join(" ")}`,
    "frame-ancestors 'none'",
  ];
  if (isHttps(appUrl)) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Header name to value, for the response and (the policy) for the request Next renders. */
export function securityHeaders(options: PolicyOptions): Record<string, string> {
  const capturedEmail = CAPTURED_EMAIL_DOCUMENT.test(options.path ?? "");
  return {
    "Content-Security-Policy": capturedEmail ? CAPTURED_EMAIL_POLICY : contentSecurityPolicy(options),
    // For browsers older than frame-ancestors.
    "X-Frame-Options": capturedEmail ? "SAMEORIGIN" : "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": DENIED_FEATURES.map((feature) => `${feature}=()`).join(", "),
    ...(isHttps(options.appUrl) ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

function isHttps(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}
