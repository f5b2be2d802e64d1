/**
 * The bench's own plumbing that decides what a figure means: redirects and
 * errors count as failures in the time-to-first-byte phase, the balancer
 * forwards requests and answers 502 (counted) when an instance is gone, and
 * BENCH_PORTS keeps every server the bench starts inside its range.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startBalancer } from "./balancer";
import { benchPortRange, freePort } from "./instances";
import { measureTtfb } from "./ttfb";

const servers: Server[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => {
    s.closeAllConnections();
    s.close(resolve);
  })));
  delete process.env.BENCH_PORTS;
});

describe("time to first byte", () => {
  it("measures 2xx answers and counts none as failures", async () => {
    const port = await serve((_req, res) => res.end("ok"));
    const result = await measureTtfb({ name: "ok", baseUrl: `http://127.0.0.1:${port}`, path: "/", connections: 2, seconds: 0.3 });
    expect(result.requests).toBeGreaterThan(0);
    expect(result.failures).toBe(0);
    expect(result.statuses).toEqual({ 200: result.requests });
    expect(result.ttfbP95Ms).not.toBeNull();
  });

  it("does not follow a redirect: it counts as a failure and says where it pointed", async () => {
    const port = await serve((_req, res) => res.writeHead(307, { location: "/en" }).end());
    const result = await measureTtfb({ name: "redirect", baseUrl: `http://127.0.0.1:${port}`, path: "/", connections: 1, seconds: 0.2 });
    expect(result.failures).toBe(result.requests);
    expect(result.redirectedTo).toBe("/en");
  });
});

describe("balancer", () => {
  it("forwards GETs and POSTs with their bodies, in turn to each instance", async () => {
    const seen: string[] = [];
    const ports = await Promise.all([0, 1].map((n) => serve((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen.push(`${n} ${req.method} ${req.url} ${body}`);
        res.end(`instance ${n}`);
      });
    })));
    const balancer = await startBalancer(ports);
    try {
      const first = await fetch(`${balancer.url}/a?x=1`).then((r) => r.text());
      const second = await fetch(`${balancer.url}/b`, { method: "POST", body: "hello" }).then((r) => r.text());
      expect([first, second]).toEqual(["instance 0", "instance 1"]);
      expect(seen).toEqual(["0 GET /a?x=1 ", "1 POST /b hello"]);
      expect(balancer.counts()).toEqual([1, 1]);
      expect(balancer.errors()).toEqual({});
    } finally {
      await balancer.close();
    }
  });

  it("answers 502 and counts it when an instance is gone", async () => {
    const gone = await freePort();
    const balancer = await startBalancer([gone]);
    try {
      const response = await fetch(`${balancer.url}/`);
      expect(response.status).toBe(502);
      expect(balancer.errors()).toEqual({ ECONNREFUSED: 1 });
    } finally {
      await balancer.close();
    }
  });
});

describe("BENCH_PORTS", () => {
  it("reads first-last and refuses anything else", () => {
    expect(benchPortRange("3400-3499")).toEqual({ first: 3400, last: 3499 });
    expect(benchPortRange(undefined)).toBeNull();
    expect(() => benchPortRange("3499-3400")).toThrow(/BENCH_PORTS/);
    expect(() => benchPortRange("80-90")).toThrow(/BENCH_PORTS/);
    expect(() => benchPortRange("3400")).toThrow(/BENCH_PORTS/);
  });

  it("hands out distinct free ports inside the range, skipping taken ones", async () => {
    const taken = 3470;
    const blocker = createServer();
    servers.push(blocker);
    // Taken by someone else already is as good as taken by this test.
    await new Promise<void>((resolve) => blocker.once("error", () => resolve()).listen(taken, "127.0.0.1", resolve));
    process.env.BENCH_PORTS = `${taken}-3499`;
    const a = await freePort();
    const b = await freePort();
    expect(a).not.toBe(taken);
    expect(b).not.toBe(a);
    for (const port of [a, b]) {
      expect(port).toBeGreaterThan(taken);
      expect(port).toBeLessThanOrEqual(3499);
    }
  });
});
