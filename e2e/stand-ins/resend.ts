// Local Resend stand-in: a real HTTP server answering `POST /emails` as the
// Resend API does for the official `resend` SDK (which reads RESEND_BASE_URL),
// so delivery, retries and idempotency are tested offline.
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type SentMessage = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  idempotencyKey: string | null;
  createdAt: string;
};

export type ResendStandIn = {
  url: string;
  close(): Promise<void>;
  /** Every accepted message, once each (an idempotent replay is not recorded again). */
  messages(): SentMessage[];
  /** Every POST /emails request received, replays and failures included, with what it was answered. */
  requests(): Array<{ idempotencyKey: string | null; status: number }>;
  /** The next `n` send requests answer 500 with Resend's error shape. */
  failNext(n: number): void;
};

export type ResendStandInOptions = { host?: string; port?: number; apiKey?: string };

type Reply = { status: number; json: unknown };
type ErrorName =
  | "missing_api_key" | "invalid_api_key" | "validation_error" | "missing_required_field"
  | "invalid_idempotency_key" | "invalid_idempotent_request" | "not_found" | "method_not_allowed"
  | "internal_server_error";

/** Resend's error body: `{ statusCode, name, message }`. */
const apiError = (statusCode: number, name: ErrorName, message: string): Reply => ({ status: statusCode, json: { statusCode, name, message } });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const optionalText = (v: unknown): string | null => (typeof v === "string" ? v : null);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/** The body as JSON, or undefined when it is not JSON (answered 422 like Resend). */
function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

class StandIn {
  readonly sent: SentMessage[] = [];
  readonly received: Array<{ idempotencyKey: string | null; status: number }> = [];
  private readonly byKey = new Map<string, { fingerprint: string; reply: Reply }>();
  private failures = 0;

  constructor(private readonly apiKey: string | undefined) {}

  failNext(n: number): void {
    this.failures = Math.max(0, Math.floor(n));
  }

  async route(req: IncomingMessage): Promise<Reply> {
    const reply = await this.answer(req);
    if (req.method === "POST") {
      const key = req.headers["idempotency-key"];
      this.received.push({ idempotencyKey: typeof key === "string" ? key : null, status: reply.status });
    }
    return reply;
  }

  private async answer(req: IncomingMessage): Promise<Reply> {
    const path = new URL(req.url ?? "/", "http://stand-in").pathname.replace(/\/+$/, "");
    if (path !== "/emails") return apiError(404, "not_found", "The requested endpoint does not exist.");
    if (req.method !== "POST") return apiError(405, "method_not_allowed", "Method is not allowed for the requested path.");
    const auth = req.headers.authorization;
    if (!auth?.startsWith("Bearer ")) return apiError(401, "missing_api_key", "Missing API key in the authorization header.");
    const key = auth.slice("Bearer ".length);
    if (!key.startsWith("re_") || (this.apiKey !== undefined && key !== this.apiKey)) {
      return apiError(403, "invalid_api_key", "API key is invalid");
    }
    const raw = await readBody(req);
    if (this.failures > 0) {
      this.failures -= 1;
      return apiError(500, "internal_server_error", "Simulated failure (stand-in failNext).");
    }
    const idempotencyKey = req.headers["idempotency-key"];
    if (typeof idempotencyKey === "string") {
      if (idempotencyKey.length < 1 || idempotencyKey.length > 256) {
        return apiError(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
      }
      const fingerprint = createHash("sha256").update(raw).digest("hex");
      const earlier = this.byKey.get(idempotencyKey);
      if (earlier) {
        return earlier.fingerprint === fingerprint
          ? earlier.reply
          : apiError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
      }
      const reply = this.accept(parseJson(raw), idempotencyKey);
      if (reply.status < 300) this.byKey.set(idempotencyKey, { fingerprint, reply });
      return reply;
    }
    return this.accept(parseJson(raw), null);
  }

  private accept(body: unknown, idempotencyKey: string | null): Reply {
    if (!isRecord(body)) return apiError(422, "validation_error", "Invalid JSON body.");
    const to = typeof body.to === "string" ? [body.to] : Array.isArray(body.to) ? body.to.filter((t) => typeof t === "string") : [];
    for (const [field, ok] of [["from", typeof body.from === "string"], ["to", to.length > 0], ["subject", typeof body.subject === "string"]] as const) {
      if (!ok) return apiError(422, "missing_required_field", `Missing \`${field}\` field.`);
    }
    const html = optionalText(body.html);
    const text = optionalText(body.text);
    if (html === null && text === null) return apiError(422, "validation_error", "Missing `html` or `text` field.");
    const message: SentMessage = {
      id: randomUUID(), from: String(body.from), to, subject: String(body.subject), html, text, idempotencyKey,
      createdAt: new Date().toISOString(),
    };
    this.sent.push(message);
    return { status: 200, json: { id: message.id } };
  }
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.json));
}

/** Starts the stand-in on loopback, on a free port unless one is given. */
export async function startResendStandIn(opts: ResendStandInOptions = {}): Promise<ResendStandIn> {
  const standIn = new StandIn(opts.apiKey);
  const server = createServer((req, res) => {
    standIn.route(req).then(
      (reply) => send(res, reply),
      (err: unknown) => {
        console.warn("[resend stand-in] request failed:", err instanceof Error ? err.message : err);
        if (!res.headersSent) send(res, apiError(500, "internal_server_error", "stand-in crashed"));
      },
    );
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    messages: () => structuredClone(standIn.sent),
    requests: () => structuredClone(standIn.received),
    failNext: (n) => standIn.failNext(n),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
