/**
 * The shop answers on one host, APP_URL's. Cookies (cart, session) belong to
 * a host, and Mercado Pago sends shoppers back to APP_URL, so a shopper who
 * browsed on another name of the same server (127.0.0.1 for localhost, an IP
 * for the domain) would come back without their cart. Such requests are sent
 * to APP_URL first.
 */

export type Admission =
  | { kind: "serve" }
  | { kind: "redirect"; location: string }
  | { kind: "reject"; reason: string };

// Load balancers probe instances by address, so health checks are served on any host.
const ANY_HOST_PATHS = new Set(["/api/health"]);

// origin-form request target: a path and query of visible ASCII (browsers percent-encode the rest).
const REQUEST_TARGET = /^\/[\x21-\x7e]*$/;
// A DNS name or IPv4 address, or a bracketed IPv6 address, and an optional port.
const HOST_HEADER = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export type IncomingRequest = {
  host: string | undefined;
  target: string | undefined;
  /**
   * Next.js fetching a page from its own server (the target of a server
   * action's redirect): Node's fetch sends the listening address as Host,
   * and redirecting it would lose the shopper's cookies.
   */
  isSelfRequest: boolean;
};

/** Serve, redirect to APP_URL, or refuse as malformed: decided from the Host header and request target. */
export function admitRequest(request: IncomingRequest, appUrl: string): Admission {
  const { host, target = "" } = request;
  if (!REQUEST_TARGET.test(target)) return { kind: "reject", reason: "malformed request target" };
  const path = target.split("?")[0] ?? "";
  // Next answers a path it cannot decode ("/products/%") with a 500.
  if (!isDecodable(path)) return { kind: "reject", reason: "malformed percent-encoding in the path" };
  const app = new URL(appUrl);
  if (request.isSelfRequest || ANY_HOST_PATHS.has(path)) return { kind: "serve" };
  if (!host || !HOST_HEADER.test(host)) return { kind: "reject", reason: "missing or malformed Host header" };
  // Parsed with APP_URL's scheme so an explicit default port ("shop.example:443") counts as the same host.
  const requested = `${app.protocol}//${host}`;
  if (!URL.canParse(requested)) return { kind: "reject", reason: "malformed Host header" };
  if (new URL(requested).host === app.host) return { kind: "serve" };
  // Concatenated, not resolved: the target "//elsewhere" must stay a path on APP_URL.
  return { kind: "redirect", location: `${app.origin}${target}` };
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false; // URIError: a stray "%" or an invalid UTF-8 sequence.
  }
}
