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
};

/** 128 random bits, base64 as the CSP grammar and Next's nonce reader expect. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
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
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    // For browsers older than frame-ancestors.
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": DENIED_FEATURES.map((feature) => `${feature}=()`).join(", "),
    ...(isHttps(options.appUrl) ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

function isHttps(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}
