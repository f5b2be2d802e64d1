import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, nonceFromPolicy, securityHeaders } from "./security-headers";

const demo = { nonce: "bm9uY2Utb25l", appUrl: "http://localhost:3000", mercadoPagoApiUrl: "http://127.0.0.1:3100" };
const live = { nonce: "bm9uY2Utb25l", appUrl: "https://shop.example.com", mercadoPagoApiUrl: undefined };

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));
}

describe("contentSecurityPolicy", () => {
  it("runs only scripts carrying this response's nonce, and never eval", () => {
    const policy = directives(contentSecurityPolicy(demo));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2Utb25l'", "'strict-dynamic'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'nonce-bm9uY2Utb25l'"]);
    expect(contentSecurityPolicy(demo)).not.toMatch(/unsafe-(eval|inline)/);
  });

  it("forbids framing, plugins and base rewriting, and keeps everything else on the shop's origin", () => {
    const policy = directives(contentSecurityPolicy(demo));
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    for (const name of ["default-src", "img-src", "font-src", "connect-src"]) expect(policy.get(name), name).toEqual(["'self'"]);
  });

  it("lets forms lead to the stand-in's checkout in demo mode and to Mercado Pago when live", () => {
    expect(directives(contentSecurityPolicy(demo)).get("form-action")).toEqual(["'self'", "http://127.0.0.1:3100"]);
    const liveSources = directives(contentSecurityPolicy(live)).get("form-action");
    expect(liveSources?.[0]).toBe("'self'");
    expect(liveSources).toContain("https://*.mercadopago.com.ar");
    expect(liveSources).not.toContain("http://127.0.0.1:3100");
  });

  it("upgrades insecure requests only on an https shop", () => {
    expect(directives(contentSecurityPolicy(live)).has("upgrade-insecure-requests")).toBe(true);
    expect(directives(contentSecurityPolicy(demo)).has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("securityHeaders", () => {
  it("sends the policy with the anti-framing, sniffing, referrer and permissions headers", () => {
    const headers = securityHeaders(demo);
    expect(headers).toMatchObject({
      "Content-Security-Policy": contentSecurityPolicy(demo),
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
      expect(headers["Permissions-Policy"]).toContain(`${feature}=()`);
    }
  });

  it("asks for HTTPS only when APP_URL is https", () => {
    expect(securityHeaders(live)["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}$/);
    expect(securityHeaders(demo)).not.toHaveProperty("Strict-Transport-Security");
  });
});

describe("newNonce", () => {
  it("is fresh every time and in the form Next.js reads from the policy", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("lets a captured email's document keep its inline styles, with no script, sandboxed, framed by the shop alone", () => {
    const headers = securityHeaders({ ...demo, path: "/dev/emails/5b0c2f7e-2d5e-4c59-9d3e-0c6f0e0c1a11/html" });
    const policy = directives(headers["Content-Security-Policy"] ?? "");
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("style-src")).toEqual(["'unsafe-inline'"]);
    expect(policy.has("script-src")).toBe(false);
    expect(policy.get("frame-ancestors")).toEqual(["'self'"]);
    expect(policy.has("sandbox")).toBe(true);
    expect(headers["X-Frame-Options"]).toBe("SAMEORIGIN");
    // Every other path, the email's page included, keeps the shop's policy.
    for (const path of ["/dev/emails", "/dev/emails/5b0c2f7e-2d5e-4c59-9d3e-0c6f0e0c1a11", "/dev/emails/x/html/more", "/"]) {
      expect(securityHeaders({ ...demo, path })["Content-Security-Policy"], path).toBe(contentSecurityPolicy(demo));
    }
  });
});

describe("nonceFromPolicy", () => {
  it("reads back the nonce a policy was written with, for markup the page adds itself", () => {
    const nonce = newNonce();
    expect(nonceFromPolicy(contentSecurityPolicy({ ...demo, nonce }))).toBe(nonce);
    expect(nonceFromPolicy("default-src 'self'")).toBeUndefined();
    expect(nonceFromPolicy(null)).toBeUndefined();
  });
});
