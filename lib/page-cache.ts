/**
 * Whole storefront pages shared by every visitor: the catalog, product pages
 * and search, rendered once and served from memory for a few seconds — the
 * document, and the RSC payload Next's client router asks for when a shopper
 * follows a link.
 *
 * The shop's server (scripts/server.ts) keeps this cache in front of Next.
 * What makes a shared page safe:
 * - Nothing per visitor can enter it. A request for a shared page reaches
 *   Next without the visitor's cookies (only the language choice stays) and
 *   flagged as a shared render, so the layout leaves the cart count and the
 *   account name to the browser (/api/visitor). Whatever a page did, it could
 *   not see who asked.
 * - Every input the page depends on is in the key: the URL, the language
 *   cookie and Accept-Language (the proxy's locale choice), whether the
 *   client is a bot (Next renders metadata differently for bots), and the
 *   client router's headers Next varies its payload on.
 * - Only a plain 200 page is kept: no redirect, no error, and no cookie set
 *   but the language choice the proxy makes from what the key holds.
 * - The CSP nonce stays per response: the entry keeps the body cut at the
 *   nonce it was rendered with, and each response gets the fresh nonce the
 *   server put in its policy.
 * - Freshness: an entry is served for PAGE_TTL_MS from the start of its
 *   render, which read data at most DATA_TTL_MS old, and it is dropped at
 *   once when this instance commits a stock or catalog change (the tags of
 *   lib/shared-cache.ts, through the process's cache registry).
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeader, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { brotliDecompressSync, gunzipSync, gzip as gzipCallback, inflateSync } from "node:zlib";
import { HTML_LIMITED_BOT_UA_RE } from "next/dist/shared/lib/router/utils/html-bots.js";
import { CATALOG_TAG, PAGE_TTL_MS, processCache, type SharedCache, STOCK_TAG } from "./shared-cache";

const gzip = promisify(gzipCallback);

/** Set by the server on a request it renders for the page cache; the layout then leaves the visitor's parts to the browser. */
export const SHARED_RENDER_HEADER = "x-percha-shared-render";
/** On every response of a shared page: whether it came from the cache ("hit") or was rendered for it ("miss"). */
export const PAGE_CACHE_HEADER = "x-percha-page-cache";

/**
 * The storefront's shared pages, in either language: the catalog (and its
 * categories), a product (by its slug, so the files under /products/ are
 * not pages), search.
 */
const SHARED_PATH = /^(?:\/en)?(?:\/|\/products\/[a-z0-9]+(?:-[a-z0-9]+)*|\/search)?$/;
/** What Next's client router sends for a page's RSC payload (a navigation or a prefetch), each part of the key: Next varies on them. */
const ROUTER_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url"] as const;
/** The bodies kept: a page, or its RSC payload for the client router. */
const KEPT_TYPES = ["text/html", "text/x-component"];
const LOCALE_COOKIE = /(?:^|;\s*)NEXT_LOCALE=([^;]*)/;
// The bots Next renders metadata for in the head, not streamed; any other bot too (a false match only splits the key).
const BOT = new RegExp(`${HTML_LIMITED_BOT_UA_RE.source}|bot|crawl|spider`, "i");
/** Response headers the entry does not keep: Node sets them for each response. */
const NOT_KEPT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);
const MAX_PAGE_BYTES = 2 * 1024 * 1024;

export type CachedPage = {
  status: number;
  headers: ReadonlyArray<readonly [string, OutgoingHttpHeader]>;
  /** The nonce the page was rendered with: in headers (Link preloads) it is swapped when served. */
  nonce: string;
  /** The body, cut where the render's nonce was. */
  parts: readonly Buffer[];
  bytes: number;
};

/** The key of a request for a shared page, or null when it must be rendered for whoever asks. */
export function sharedPageKey(req: Pick<IncomingMessage, "method" | "url" | "headers">): string | null {
  if (req.method !== "GET" || !req.url) return null;
  if (!SHARED_PATH.test(req.url.split("?", 1)[0] ?? "") || req.headers["next-action"] !== undefined) return null;
  const locale = LOCALE_COOKIE.exec(req.headers.cookie ?? "")?.[1] ?? "";
  const bot = BOT.test(req.headers["user-agent"] ?? "") ? "bot" : "browser";
  const router = ROUTER_HEADERS.map((name) => String(req.headers[name] ?? ""));
  return JSON.stringify([req.url, locale, req.headers["accept-language"] ?? "", bot, ...router]);
}

/**
 * Makes `headers` (a shared page's request) anonymous: the language cookie
 * is all that stays, and the request is flagged as a shared render.
 */
export function anonymize(headers: IncomingHttpHeaders): void {
  const locale = LOCALE_COOKIE.exec(headers.cookie ?? "")?.[1];
  if (locale === undefined) delete headers.cookie;
  else headers.cookie = `NEXT_LOCALE=${locale}`;
  delete headers.authorization;
  headers[SHARED_RENDER_HEADER] = "1";
}

/** A shared page shows the catalog and availability: a change to either drops it. */
export const SHARED_PAGE_TAGS = [CATALOG_TAG, STOCK_TAG];

/** The process's page cache (one per process, whoever asks: invalidation reaches it through the registry). */
export function pageCache(): SharedCache {
  return processCache("pages", {
    ttlMs: PAGE_TTL_MS,
    maxEntries: 500,
    // Bounded in bytes too: a page is some 50–150 kB, and query strings make keys without end.
    maxWeight: 32 * 1024 * 1024,
    // Null (a response not to keep) weighs more than the cache may hold, so it is never stored.
    weigh: (value) => (value as CachedPage | null)?.bytes ?? Infinity,
  });
}

/**
 * Lets `res` go out as Next writes it, and resolves with the page to keep —
 * or null when the response is not one every visitor may share.
 */
export function capture(res: ServerResponse, nonce: string): Promise<CachedPage | null> {
  // What the server set before Next ran (the security headers, with this response's nonce) it sets for every response.
  const serverSet = new Set(res.getHeaderNames());
  const chunks: Buffer[] = [];
  let bytes = 0;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
    bytes += buffer.length;
    if (bytes <= MAX_PAGE_BYTES) chunks.push(buffer);
  };
  const { write, end } = res;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse["write"];
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse["end"];

  return new Promise((resolve) => {
    res.once("close", () => {
      if (!res.writableFinished) return resolve(null);
      resolve(keepable(res, chunks, bytes, nonce, serverSet));
    });
  });
}

function keepable(res: ServerResponse, chunks: Buffer[], bytes: number, nonce: string, serverSet: Set<string>): CachedPage | null {
  const contentType = String(res.getHeader("content-type") ?? "");
  if (res.statusCode !== 200 || bytes > MAX_PAGE_BYTES || !KEPT_TYPES.some((type) => contentType.startsWith(type))) return null;
  if (!setsOnlyTheLanguage(res.getHeader("set-cookie"))) return null;
  const headers = Object.entries(res.getHeaders())
    .filter(([name]) => !NOT_KEPT.has(name) && !serverSet.has(name))
    .map(([name, value]) => [name, value as OutgoingHttpHeader] as const);
  // Next compressed it for the browser that asked first; the entry keeps it plain and compresses each response.
  const body = decoded(Buffer.concat(chunks), String(res.getHeader("content-encoding") ?? ""));
  if (!body || body.length > MAX_PAGE_BYTES) return null;
  return { status: 200, headers, nonce, parts: split(body, nonce), bytes: body.length };
}

/**
 * No cookie but the language choice: the proxy sets it from what the key
 * holds (the cookie there was, Accept-Language), so every visitor with this
 * key gets the same one. Any other cookie is someone's.
 */
function setsOnlyTheLanguage(setCookie: ReturnType<ServerResponse["getHeader"]>): boolean {
  const cookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [String(setCookie)];
  return cookies.every((cookie) => cookie.startsWith("NEXT_LOCALE="));
}

function decoded(body: Buffer, encoding: string): Buffer | null {
  switch (encoding) {
    case "": case "identity": return body;
    case "gzip": return gunzipSync(body);
    case "deflate": return inflateSync(body);
    case "br": return brotliDecompressSync(body);
    default: return null;
  }
}

function split(body: Buffer, nonce: string): Buffer[] {
  const parts: Buffer[] = [];
  const needle = Buffer.from(nonce);
  let from = 0;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, from)) {
    parts.push(body.subarray(from, at));
    from = at + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

/** The kept page as this response, with this response's nonce; the security headers are on `res` already. */
export async function serve(page: CachedPage, res: ServerResponse, nonce: string): Promise<void> {
  const body = Buffer.concat(page.parts.flatMap((part, index) => (index === 0 ? [part] : [Buffer.from(nonce), part])));
  const fresh = (value: string) => value.replaceAll(page.nonce, nonce);
  for (const [name, value] of page.headers) {
    res.setHeader(name, typeof value === "string" ? fresh(value) : Array.isArray(value) ? value.map(fresh) : value);
  }
  res.setHeader(PAGE_CACHE_HEADER, "hit");
  if (/\bgzip\b/.test(res.req.headers["accept-encoding"] ?? "")) {
    const zipped = await gzip(body);
    res.writeHead(page.status, { "content-encoding": "gzip", "content-length": zipped.length }).end(zipped);
  } else {
    res.writeHead(page.status, { "content-length": body.length }).end(body);
  }
}
