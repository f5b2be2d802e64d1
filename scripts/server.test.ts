import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freePort } from "@/bench/instances";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";
import { send as sendTo, sendRaw, type Answer } from "@/test/http";
import { createShopServer, drainOnce, listen } from "./server";

// Stands in for Next: answers with the request headers it was handed, or fails when asked to.
async function echo(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url === "/boom") throw new Error("the app failed");
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(req.headers));
}

let base: { port: number };

/** A request to a gate whose APP_URL is http://localhost:<port>, from 127.0.0.2 unless told otherwise. */
function send(path: string, headers: Record<string, string> = {}, localAddress = "127.0.0.2", port = base.port): Promise<Answer> {
  return sendTo(`http://127.0.0.1:${port}${path}`, { headers: { host: `localhost:${port}`, ...headers }, localAddress });
}

/** The headers the app behind the gate received. */
async function seenByApp(path: string, headers: Record<string, string> = {}, localAddress?: string, port?: number): Promise<Record<string, string>> {
  const answer = await send(path, headers, localAddress, port);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as Record<string, string>;
}

const servers: Server[] = [];
async function start(settings: { trustedProxyHops: number; appUrl?: (port: number) => string }): Promise<number> {
  // APP_URL names the port, so the port is chosen first.
  const port = await freePort();
  const appUrl = settings.appUrl?.(port) ?? `http://localhost:${port}`;
  const server = createShopServer({ appUrl, trustedProxyHops: settings.trustedProxyHops, mercadoPago: { apiUrl: "http://127.0.0.1:3100" } }, echo);
  await listen(server, port, "127.0.0.1");
  servers.push(server);
  return port;
}

beforeAll(async () => {
  base = { port: await start({ trustedProxyHops: 0 }) };
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("the client's address", () => {
  it("is the socket's, whatever X-Forwarded-For or the address header itself claim", async () => {
    const seen = await seenByApp("/", { "x-forwarded-for": "198.51.100.1", [CLIENT_ADDRESS_HEADER]: "198.51.100.2" });
    expect(seen[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.2");
    expect((await seenByApp("/", {}, "127.0.0.3"))[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.3");
  });

  it("is the entry the trusted proxy appended when TRUSTED_PROXY_HOPS is 1", async () => {
    const port = await start({ trustedProxyHops: 1 });
    const seen = await seenByApp("/", { "x-forwarded-for": "198.51.100.1, 203.0.113.7" }, "127.0.0.2", port);
    expect(seen[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.7");
  });
});

describe("one host", () => {
  it("redirects another name of the server to APP_URL with the same path and query", async () => {
    const answer = await send("/products/classic-tee?size=M", { host: `127.0.0.1:${base.port}` });
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(`http://localhost:${base.port}/products/classic-tee?size=M`);
  });

  it("serves the health check on any host, for load balancers probing by address", async () => {
    expect((await send("/api/health", { host: `10.0.0.5:${base.port}` })).status).toBe(200);
  });

  it("tells the app APP_URL's host and scheme, not the client's", async () => {
    const seen = await seenByApp("/", { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(seen["x-forwarded-host"]).toBe(`localhost:${base.port}`);
    expect(seen["x-forwarded-proto"]).toBe("http");
  });

  it("serves Next's requests to its own server on the listening address, and only those", async () => {
    const marker = Object.entries(await seenByApp("/")).find(([name]) => name === "x-percha-self-request");
    expect(marker?.[1]).toMatch(/^[\w-]{43}$/);
    const self = { host: `127.0.0.1:${base.port}`, "x-percha-self-request": marker?.[1] ?? "" };
    expect((await send("/", self)).status).toBe(200);
    expect((await send("/", { ...self, "x-percha-self-request": "guessed" })).status).toBe(308);
  });
});

describe("security headers", () => {
  it("are on pages, redirects, refusals and failures alike", async () => {
    vi.mocked(console.error).mockImplementationOnce(() => undefined);
    const answers = await Promise.all([
      send("/"),
      send("/", { host: `127.0.0.1:${base.port}` }),
      send("/", { host: "bad host" }),
      send("/boom"),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 308, 400, 500]);
    // The failure is logged with its cause (the test setup fails any test leaving an unexpected one).
    const logged = vi.mocked(console.error);
    expect(logged.mock.calls.map((call) => String(call[0]))).toEqual(["Failed to handle GET /boom:"]);
    logged.mockClear();
    for (const { headers } of answers) {
      expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[\w+/]+={0,2}' 'strict-dynamic'/);
      expect(headers["content-security-policy"]).toContain("form-action 'self' http://127.0.0.1:3100");
      expect(headers).toMatchObject({
        "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin",
      });
      expect(headers["permissions-policy"]).toContain("camera=()");
      expect(headers).not.toHaveProperty("strict-transport-security");
    }
  });

  it("give each response a fresh nonce, and hand Next the same policy on the request", async () => {
    const [first, second] = await Promise.all([send("/"), send("/")]);
    expect(first?.headers["content-security-policy"]).not.toBe(second?.headers["content-security-policy"]);
    const seen = JSON.parse(first?.body ?? "{}") as Record<string, string>;
    expect(seen["content-security-policy"]).toBe(first?.headers["content-security-policy"]);
  });

  it("include HSTS when APP_URL is https", async () => {
    const port = await start({ trustedProxyHops: 1, appUrl: () => "https://shop.example.com" });
    const answer = await send("/", { host: "shop.example.com" }, "127.0.0.2", port);
    expect(answer.status).toBe(200);
    expect(answer.headers["strict-transport-security"]).toMatch(/^max-age=\d+$/);
  });
});

describe("malformed requests", () => {
  it("get a 400, and the server keeps serving", async () => {
    const port = base.port;
    expect(await sendRaw(port, `GET http://evil.example/ HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`)).toBe("HTTP/1.1 400 Bad Request");
    expect(await sendRaw(port, `GET / HTTP/1.1\r\nHost: localhost:${port}/x\r\n\r\n`)).toBe("HTTP/1.1 400 Bad Request");
    expect(await sendRaw(port, "GET / HTTP/1.0\r\n\r\n")).toBe("HTTP/1.1 400 Bad Request");
    expect(await sendRaw(port, "GET /caf\u00e9 HTTP/1.1\r\nHost: localhost\r\n\r\n")).toMatch(/^HTTP\/1.1 400 /);
    expect(await sendRaw(port, `GET /products/% HTTP/1.1\r\nHost: localhost:${port}\r\n\r\n`)).toBe("HTTP/1.1 400 Bad Request");
    expect(await sendRaw(port, "NONSENSE\r\n\r\n")).toMatch(/^HTTP\/1.1 400 /);
    expect((await send("/")).status).toBe(200);
  });
});

describe("stopping", () => {
  it("refuses new connections, lets the request in flight finish, and only then runs the shutdown hook", async () => {
    const port = await freePort();
    let finishRequest = () => {};
    let requestArrived = () => {};
    const inFlight = new Promise<void>((resolve) => (finishRequest = resolve));
    const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
    const server = createShopServer({ appUrl: `http://localhost:${port}`, trustedProxyHops: 0, mercadoPago: { apiUrl: undefined } }, async (_req, res) => {
      requestArrived();
      await inFlight;
      res.writeHead(200, { "content-type": "text/plain" }).end("done");
    });
    await listen(server, port, "127.0.0.1");
    const steps: string[] = [];
    const drain = drainOnce(server, {
      beforeRequestsEnd: () => steps.push("stopped taking jobs"),
      afterRequestsEnd: async () => void steps.push("closed the pool"),
    });

    const answer = send("/slow", {}, "127.0.0.2", port);
    await arrived;
    const drained = drain();
    expect(drain()).toBe(drained);
    expect(steps).toEqual(["stopped taking jobs"]);
    await expect(send("/", {}, "127.0.0.2", port)).rejects.toThrow(/ECONNREFUSED/);

    steps.push("request finished");
    finishRequest();
    expect((await answer).body).toBe("done");
    await drained;
    expect(steps).toEqual(["stopped taking jobs", "request finished", "closed the pool"]);
  });
});
