import { z } from "zod";

const HOME = "/";
// Any origin of ours will do: only whether a value stays on it matters.
const OURS = "http://percha.invalid";
const MAX_LENGTH = 2000;
// "%252F" is "%2F" is "/": a server or proxy along the way may decode more than once.
const MAX_DECODINGS = 4;
// A browser drops tabs and newlines from a URL and reads "\" as "/", so no real path of ours has them.
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;
const AUTH_PAGE = /^\/(?:sign-in|sign-up)(?:\/|$)/;

/**
 * Where to send a shopper after signing in, up or changing their password:
 * a path on this site, or the home page. The value is resolved with the
 * WHATWG URL parser (the browser's own) against our origin, and its path is
 * resolved again once fully percent-decoded (a proxy or a later redirect may
 * decode it); both must stay on our origin with a path that does not start
 * with "//": "/.//evil.test", "/%2e//evil.test", "/a/..//evil.test" and
 * "/%2F%2Fevil.test" all come to "//evil.test", which a browser reads as
 * another host.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || value.length > MAX_LENGTH || FORBIDDEN.test(value)) return HOME;
  const resolved = ourPath(value);
  if (resolved === null) return HOME;
  const decodedPath = fullyDecoded(resolved.pathname);
  if (decodedPath === null || FORBIDDEN.test(decodedPath) || ourPath(decodedPath) === null) return HOME;
  // Coming back to a sign-in page after signing in would only loop.
  if (AUTH_PAGE.test(new URL(decodedPath, OURS).pathname)) return HOME;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** The value resolved against our origin, if it is a path that stays there. */
function ourPath(candidate: string): URL | null {
  if (!candidate.startsWith("/") || candidate.startsWith("//")) return null;
  if (!URL.canParse(candidate, OURS)) return null;
  const url = new URL(candidate, OURS);
  return url.origin === OURS && !url.pathname.startsWith("//") ? url : null;
}

/** Percent-decoded until nothing changes; null for malformed encoding, invalid UTF-8, or too many layers. */
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let round = 0; round <= MAX_DECODINGS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null; // URIError: a stray "%" or an invalid UTF-8 sequence.
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/** The `next` of a query string or a form, made safe (never a field error: a bad one just means home). */
export const nextPathField = z.unknown().transform(safeNextPath);
