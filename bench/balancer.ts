/**
 * A tiny round-robin HTTP proxy on loopback: what a load balancer in front of
 * several app instances does, and no more (no health checks; the one retry is
 * a body-less request whose kept-alive upstream connection turned out closed,
 * as every proxy does, since the instance never saw it).
 */
import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type Balancer = {
  url: string;
  /** Requests sent to each target so far, in target order. */
  counts(): number[];
  /** Upstream failures by error code (answered 502), and retries on a closed kept-alive connection. */
  errors(): Record<string, number>;
  close(): Promise<void>;
};

// Hop-by-hop headers belong to one connection and are never forwarded.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

export type BalancerOptions = {
  /** Where to listen on loopback; any free port when unset. */
  port?: number;
  /** Which target serves a request; round robin when unset. */
  pick?: (request: IncomingMessage) => number;
};

export async function startBalancer(targetPorts: number[], options: BalancerOptions = {}): Promise<Balancer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const counts = targetPorts.map(() => 0);
  const errors: Record<string, number> = {};
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const index = options.pick ? options.pick(incoming) : next++ % targetPorts.length;
    counts[index] = (counts[index] ?? 0) + 1;
    const hasNoBody = incoming.method === "GET" || incoming.method === "HEAD";
    const send = (isRetry: boolean): void => {
      const upstream = request(
        { host: "127.0.0.1", port: targetPorts[index], method: incoming.method, path: incoming.url, headers: forwardable(incoming.headers), agent },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, forwardable(response.headers));
          response.pipe(outgoing);
        },
      );
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        // The instance closed a kept-alive connection as this request went out on it: it never saw the request.
        if (!isRetry && hasNoBody && upstream.reusedSocket && error.code === "ECONNRESET" && !outgoing.headersSent) {
          errors["retried (closed kept-alive connection)"] = (errors["retried (closed kept-alive connection)"] ?? 0) + 1;
          send(true);
          return;
        }
        const code = error.code ?? error.name;
        errors[code] = (errors[code] ?? 0) + 1;
        if (outgoing.headersSent) outgoing.destroy();
        else outgoing.writeHead(502, { "content-type": "text/plain" }).end("bad gateway");
      });
      if (hasNoBody) upstream.end();
      else incoming.pipe(upstream);
    };
    send(false);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => [...counts],
    errors: () => ({ ...errors }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
