/**
 * The shop's HTTP server: Next.js (its documented custom-server API) behind
 * a thin gate that runs before the app sees a request. The gate
 * - answers on APP_URL's host only, redirecting other names of the server;
 * - decides the client's address from the socket (and trusted proxy hops),
 *   because `next start` keeps any X-Forwarded-For the client sends and app
 *   code cannot see the socket;
 * - puts the security headers, with a fresh CSP nonce, on every response;
 * - serves the storefront's shared pages from the page cache (lib/page-cache.ts).
 *
 * It runs as plain JavaScript, bundled by scripts/server-build.ts into the
 * build folder: loading it through tsx would cost the server some 90 MB
 * (the loader, its esbuild service, and source maps for every Next module).
 * Nothing here may import `server-only` modules: Next's server runs with
 * React's client build, not under `--conditions=react-server`.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { admitRequest } from "@/lib/canonical-host";
import { CLIENT_ADDRESS_HEADER, resolveClientAddress } from "@/lib/client-address";
import { ConfigError, parseSettings, type Settings } from "@/lib/env-schema";
import { anonymize, capture, PAGE_CACHE_HEADER, pageCache, serve as serveCached, SHARED_PAGE_TAGS, SHARED_RENDER_HEADER, sharedPageKey } from "@/lib/page-cache";
import { newNonce, securityHeaders } from "@/lib/security-headers";
import type { SharedCache } from "@/lib/shared-cache";

type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type GateSettings = Pick<Settings, "appUrl" | "trustedProxyHops"> & { mercadoPago: Pick<Settings["mercadoPago"], "apiUrl"> };

// Less than the 30 s orchestrators usually give between SIGTERM and SIGKILL.
const STOP_GRACE_MS = 20_000;
const SELF_REQUEST_HEADER = "x-percha-self-request";

/** The gate in front of `handle` (Next's request handler, or a stand-in for it in tests), with the process's page cache unless given one. */
export function createShopServer(settings: GateSettings, handle: NextHandler, pages: SharedCache = pageCache()): Server {
  const app = new URL(settings.appUrl);
  // Next copies a request's headers onto the requests it makes to its own server; only those carry this.
  const selfRequestSecret = randomBytes(32).toString("base64url");
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const nonce = newNonce();
    const headers = securityHeaders({
      nonce, appUrl: settings.appUrl, mercadoPagoApiUrl: settings.mercadoPago.apiUrl, path: req.url?.split("?")[0],
    });
    // Set before Next runs: headers set after `handle` starts are discarded.
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const isSelfRequest = isSecret(req.headers[SELF_REQUEST_HEADER], selfRequestSecret);
    const admission = admitRequest({ host: req.headers.host, target: req.url, isSelfRequest }, settings.appUrl);
    if (admission.kind === "reject") {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end(`Bad request: ${admission.reason}\n`);
      return;
    }
    if (admission.kind === "redirect") {
      res.writeHead(308, { location: admission.location }).end();
      return;
    }
    req.headers[SELF_REQUEST_HEADER] = selfRequestSecret;
    // Replaces whatever the client sent under this name.
    req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: req.headers["x-forwarded-for"],
      trustedProxyHops: settings.trustedProxyHops,
    });
    // Next reads the nonce from the policy on the request and puts it on the scripts it renders.
    req.headers["content-security-policy"] = headers["Content-Security-Policy"];
    // The request is on APP_URL's host now; Auth.js and Next build absolute URLs from these, not from the client.
    req.headers["x-forwarded-host"] = app.host;
    req.headers["x-forwarded-proto"] = app.protocol.slice(0, -1);
    // Only this server says a render is shared.
    delete req.headers[SHARED_RENDER_HEADER];
    const key = sharedPageKey(req);
    if (key === null) return handle(req, res);

    anonymize(req.headers);
    let rendered = false;
    const page = await pages.get(key, SHARED_PAGE_TAGS, async () => {
      rendered = true;
      const kept = capture(res, nonce);
      res.setHeader(PAGE_CACHE_HEADER, "miss");
      await handle(req, res);
      return kept;
    });
    if (rendered) return;
    // Another request's render, shared: served as ours, or (not a page to keep) rendered for us.
    if (page) await serveCached(page, res, nonce);
    else await handle(req, res);
  };
  return createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      console.error(`Failed to handle ${req.method} ${req.url}:`, error);
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Internal server error\n");
    });
  });
}

function isSecret(value: string | string[] | undefined, secret: string): boolean {
  if (typeof value !== "string") return false;
  const given = Buffer.from(value);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Resolves once `server` listens on host:port; fails if it cannot (port taken). */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

async function main(): Promise<void> {
  const settings = parseSettings();
  const host = process.env.HOSTNAME || "127.0.0.1";
  const { default: next } = await import("next");
  // "localhost", whatever address we listen on: the proxy's rewrites ("/cart" → "/es/cart") are
  // absolute URLs on the origin Next gives the proxy's request, which is localhost; with another
  // hostname here Next would take them for another site's and answer with a redirect to the same page.
  const nextApp = next({ dev: false, dir: process.cwd(), hostname: "localhost", port: settings.port });
  await nextApp.prepare();
  const server = createShopServer(settings, nextApp.getRequestHandler());
  const address = await listen(server, settings.port, host);
  // What `next start` sets: Next fetches the target of a server action's redirect from its own server at this origin.
  const loopback = address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "::1" : address.address;
  process.env.__NEXT_PRIVATE_ORIGIN = `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${address.port}`;
  console.log(`Percha is ready on ${settings.appUrl}`);

  const stop = drainOnce(server, {
    // The app stops taking background jobs at once; rows stay queued for the other instances.
    beforeRequestsEnd: () => instanceHooks()?.stopTakingJobs(),
    afterRequestsEnd: async () => {
      await instanceHooks()?.finishJobsAndClose();
      await nextApp.close();
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      setTimeout(() => {
        console.error(`Stopping took longer than ${STOP_GRACE_MS / 1000} s; exiting anyway.`);
        process.exit(1);
      }, STOP_GRACE_MS).unref();
      void stop().then(() => process.exit(0));
    });
  }
}

/** What the app (lib/instance.ts, inside Next's bundle) hands the server for shutdown. */
type InstanceHooks = { stopTakingJobs: () => void; finishJobsAndClose: () => Promise<void> };
const INSTANCE_HOOKS = Symbol.for("percha.instance");
const instanceHooks = () => (globalThis as { [INSTANCE_HOOKS]?: InstanceHooks })[INSTANCE_HOOKS];

/**
 * A drain for `server`, run once however often it is called: stop accepting
 * connections, let requests in flight finish (and their transactions with
 * them) while idle keep-alive connections are closed, then run the hooks.
 */
export function drainOnce(server: Server, hooks: { beforeRequestsEnd: () => void; afterRequestsEnd: () => Promise<void> }): () => Promise<void> {
  let draining: Promise<void> | undefined;
  return () => {
    draining ??= new Promise<void>((resolve, reject) => {
      hooks.beforeRequestsEnd();
      // A connection that finishes its request while we wait is idle at the next tick.
      const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
      server.close(() => {
        clearInterval(closeIdle);
        hooks.afterRequestsEnd().then(resolve, reject);
      });
      server.closeIdleConnections();
    });
    return draining;
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
