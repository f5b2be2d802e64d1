/**
 * Plain HTTP for tests of the shop's server, doing what a browser cannot:
 * connect from a chosen loopback address, send any Host or X-Forwarded-For,
 * or write a malformed request.
 */
import { randomInt } from "node:crypto";
import { request, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";

export type Answer = { status: number; headers: IncomingHttpHeaders; body: string };
export type SendOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The client's address as the server's socket sees it (any 127.x.y.z works on Linux). */
  localAddress?: string;
};

export function send(url: string, options: SendOptions = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.localAddress,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Writes `raw` as is and resolves with the status line of the answer. */
export function sendRaw(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(raw));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

/** A loopback address of the test's own, so address-keyed counters never meet another test's. */
export function randomLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}
