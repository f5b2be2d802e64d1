import { request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "@/bench/instances";
import { createShopServer, listen } from "@/scripts/server";
import { PAGE_CACHE_HEADER, SHARED_RENDER_HEADER } from "./page-cache";
import { nonceFromPolicy } from "./security-headers";
import { createSharedCache, invalidateProcessCaches, processCache, type SharedCache } from "./shared-cache";

/**
 * The page cache behind the shop's real server (scripts/server.ts), with a
 * stand-in for Next that renders what it was asked with: the nonce of its
 * policy, the cookies it saw, the shared-render flag. Each test has a cache
 * of its own with a clock it moves.
 */

let renders = 0;
let now = 0;
let pages: SharedCache;

async function app(req: IncomingMessage, res: ServerResponse): Promise<void> {
  renders += 1;
  const nonce = nonceFromPolicy(req.headers["content-security-policy"] as string);
  const url = new URL(req.url ?? "/", "http://shop");
  const type = url.searchParams.get("type") ?? (req.headers.rsc ? "text/x-component" : "text/html; charset=utf-8");
  if (url.searchParams.has("cookie")) res.setHeader("set-cookie", ["NEXT_LOCALE=es; Path=/", "flash=1; Path=/"]);
  if (url.searchParams.has("locale")) res.setHeader("set-cookie", "NEXT_LOCALE=es; Path=/");
  res.setHeader("link", `</style.css>; rel=preload; as="style"; nonce="${nonce}"`);
  const status = Number(url.searchParams.get("status") ?? 200);
  // Compressed for a client that accepts it, as Next does.
  const zipped = /gzip/.test(req.headers["accept-encoding"] ?? "");
  res.writeHead(status, { "content-type": type, vary: "rsc", ...(zipped ? { "content-encoding": "gzip" } : {}) });
  const seen = { cookie: req.headers.cookie ?? null, shared: req.headers[SHARED_RENDER_HEADER] ?? null, render: renders };
  const halves = [`<html><script nonce="${nonce}">boot()</script>`, `<p id="seen">${JSON.stringify(seen)}</p><script nonce="${nonce}">data()</script></html>`];
  if (zipped) return void res.end(gzipSync(halves.join("")));
  res.write(halves[0]);
  // Streams, as Next does: a second chunk after a pause.
  await new Promise((resolve) => setTimeout(resolve, 20));
  res.end(halves[1]);
}

type Reply = { status: number; headers: IncomingMessage["headers"]; body: string };

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers: { host: `localhost:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const body = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const nonceOf = (reply: Reply) => nonceFromPolicy(reply.headers["content-security-policy"] as string);
const seenBy = (reply: Reply) => JSON.parse(/<p id="seen">(.*?)<\/p>/.exec(reply.body)?.[1] ?? "null") as { cookie: string | null; shared: string | null; render: number };

let port = 0;
let server: Server;

beforeEach(async () => {
  server?.closeAllConnections();
  server?.close();
  renders = 0;
  now = 0;
  pages = createSharedCache({ ttlMs: 3_000, clock: () => now });
  port = await freePort();
  server = createShopServer({ appUrl: `http://localhost:${port}`, trustedProxyHops: 0, mercadoPago: { apiUrl: undefined } }, app, pages);
  await listen(server, port, "127.0.0.1");
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("a shared page", () => {
  it("is rendered once and served to the next visitor with a nonce of its own", async () => {
    const first = await get("/products/tee");
    const second = await get("/products/tee");
    expect(renders).toBe(1);
    expect([first.headers[PAGE_CACHE_HEADER], second.headers[PAGE_CACHE_HEADER]]).toEqual(["miss", "hit"]);
    const [a, b] = [nonceOf(first), nonceOf(second)];
    expect(a).toBeTruthy();
    expect(b).not.toBe(a);
    // The whole page is the same but for the nonce, which matches the response's own policy.
    expect(second.body).toBe(first.body.replaceAll(a ?? "", b ?? ""));
    expect(second.body.match(/nonce="([^"]+)"/g)).toEqual([`nonce="${b}"`, `nonce="${b}"`]);
    expect(second.headers.vary).toBe("rsc");
    expect(second.headers.link).toBe(`</style.css>; rel=preload; as="style"; nonce="${b}"`);
    expect(second.headers["content-type"]).toBe("text/html; charset=utf-8");
  });

  it("never reaches the app with the visitor's cookies: only the language choice stays", async () => {
    const reply = await get("/en/search?q=tee", { cookie: "authjs.session-token=secret; percha_cart=abc; NEXT_LOCALE=en", authorization: "Basic eA==" });
    expect(seenBy(reply)).toEqual({ cookie: "NEXT_LOCALE=en", shared: "1", render: 1 });
    // A page rendered for its visitor keeps the cookies, and no client can claim a shared render.
    const cart = await get("/cart", { cookie: "percha_cart=abc", [SHARED_RENDER_HEADER]: "1" });
    expect(seenBy(cart)).toEqual({ cookie: "percha_cart=abc", shared: null, render: 2 });
    expect(cart.headers[PAGE_CACHE_HEADER]).toBeUndefined();
  });

  it("leaves a file under /products/ to the app as it came: a product's address is a slug", async () => {
    const file = await get("/products/classic-tee.svg", { cookie: "percha_cart=abc" });
    expect(seenBy(file)).toEqual({ cookie: "percha_cart=abc", shared: null, render: 1 });
    expect(file.headers[PAGE_CACHE_HEADER]).toBeUndefined();
  });

  it("is one per language choice, Accept-Language, and bot or browser", async () => {
    await get("/");
    await get("/", { cookie: "NEXT_LOCALE=en" });
    await get("/", { "accept-language": "en-US,en;q=0.9" });
    await get("/", { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)" });
    expect(renders).toBe(4);
    // A visitor's other cookies do not split it.
    await get("/", { cookie: "percha_cart=abc" });
    expect(renders).toBe(4);
  });

  it("is kept with the language cookie the proxy sets from what the key holds", async () => {
    await get("/?locale=1");
    const second = await get("/?locale=1");
    expect(renders).toBe(1);
    expect(second.headers["set-cookie"]).toEqual(["NEXT_LOCALE=es; Path=/"]);
  });

  it("is kept only when it is a plain 200 HTML page that set no cookie but the language", async () => {
    for (const query of ["?cookie=1", "?status=404", "?status=500", "?type=application/json"]) {
      await get(`/search${query}`);
      await get(`/search${query}`);
    }
    expect(renders).toBe(8);
  });

  it("is one per request of Next's client router, which varies on its headers", async () => {
    const navigation = { rsc: "1", "next-router-state-tree": "%5B%22%22%5D" };
    for (const headers of [{}, navigation, { ...navigation, "next-router-prefetch": "1" }, { ...navigation, "next-router-state-tree": "%5B%22x%22%5D" }]) {
      await get("/products/tee?_rsc=abc", headers);
      await get("/products/tee?_rsc=abc", headers);
    }
    expect(renders).toBe(4);
  });

  it("is never what a server action, a HEAD, or another path gets", async () => {
    await get("/products/tee");
    await Promise.all([
      get("/products/tee", { "next-action": "abc" }, "POST"),
      get("/products/tee", { "next-action": "abc" }),
      get("/products/tee", {}, "HEAD"),
      get("/products/tee/reviews"),
      get("/orders/1"),
    ]);
    expect(renders).toBe(6);
  });

  it("is rendered again once its time is up, or at once when the stock or the catalog changes", async () => {
    await get("/");
    now = 2_999;
    await get("/");
    expect(renders).toBe(1);
    now = 3_000;
    await get("/");
    expect(renders).toBe(2);
    pages.invalidate(["stock"]);
    await get("/");
    expect(renders).toBe(3);
  });

  it("keeps nothing from a render that a stock change overtook", async () => {
    const slow = get("/products/tee");
    // The render has begun (it streams its second half 20 ms later) when the stock changes.
    while (renders === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    pages.invalidate(["stock"]);
    await slow;
    await get("/products/tee");
    expect(renders).toBe(2);
  });

  it("is one render for visitors who ask at once, each with their own nonce", async () => {
    const replies = await Promise.all([get("/search?q=x"), get("/search?q=x"), get("/search?q=x")]);
    expect(renders).toBe(1);
    expect(new Set(replies.map(nonceOf)).size).toBe(3);
    for (const reply of replies) expect(reply.body).toContain(`nonce="${nonceOf(reply)}"`);
  });

  it("is compressed for a browser that accepts gzip, and plain for one that does not, whoever came first", async () => {
    const zippedMiss = await get("/", { "accept-encoding": "gzip, deflate, br" });
    const plain = await get("/");
    const zippedHit = await get("/", { "accept-encoding": "gzip" });
    expect(renders).toBe(1);
    expect([zippedMiss, plain, zippedHit].map((reply) => reply.headers["content-encoding"])).toEqual(["gzip", undefined, "gzip"]);
    expect(plain.body).toBe(zippedMiss.body.replaceAll(nonceOf(zippedMiss) ?? "", nonceOf(plain) ?? ""));
    expect(zippedHit.body).toBe(plain.body.replaceAll(nonceOf(plain) ?? "", nonceOf(zippedHit) ?? ""));
  });
});

describe("the process's caches", () => {
  it("are one per name, and a tag's invalidation reaches all of them", async () => {
    const a = processCache("page-cache-test-a", { ttlMs: 60_000 });
    expect(processCache("page-cache-test-a", { ttlMs: 1 })).toBe(a);
    const b = processCache("page-cache-test-b", { ttlMs: 60_000 });
    await a.get("x", ["stock"], async () => 1);
    await b.get("y", ["catalog"], async () => 2);
    invalidateProcessCaches(["stock", "catalog"]);
    expect([a.size(), b.size()]).toEqual([0, 0]);
  });
});
