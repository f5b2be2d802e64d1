/**
 * The configuration schema and everything derived from it without touching
 * disk or secrets. It has no `server-only` guard because the shop's HTTP
 * server (scripts/server.ts) runs outside React's server build and must
 * validate with the same rules; app code reads configuration through
 * `lib/env.ts`.
 */
import path from "node:path";
import { z } from "zod";

/** Credentials of the local Mercado Pago stand-in, used only in demo mode. */
export const DEMO_MERCADOPAGO_ACCESS_TOKEN = "TEST-percha-stand-in-token";
export const DEMO_MERCADOPAGO_WEBHOOK_SECRET = "percha-stand-in-webhook-secret";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const portNumber = z.string().regex(/^\d{2,5}$/, "must be a port number").transform(Number);
const HOPS_MESSAGE = "must be a whole number from 0 to 10";

/** Next's server actions key: AES-GCM, 128, 192 or 256 bits, base64. */
const isAesKey = (value: string) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && [16, 24, 32].includes(Buffer.from(value, "base64").length);

const schema = z.object({
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// URL"),
  ),
  MERCADOPAGO_ACCESS_TOKEN: optional(z.string().min(10, "looks too short")),
  MERCADOPAGO_WEBHOOK_SECRET: optional(z.string().min(8, "looks too short")),
  MERCADOPAGO_API_URL: optional(httpUrl),
  MERCADOPAGO_STAND_IN_PORT: optional(portNumber),
  RESEND_API_KEY: optional(z.string().startsWith("re_", "must start with re_")),
  RESEND_BASE_URL: optional(httpUrl),
  EMAIL_FROM: optional(z.string().min(3)),
  AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  APP_URL: optional(httpUrl),
  PORT: optional(portNumber),
  PERCHA_DATA_DIR: optional(z.string()),
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: optional(
    z.string().refine(isAesKey, "must be a base64 key of 16, 24 or 32 bytes (openssl rand -base64 32)"),
  ),
  NEXT_DEPLOYMENT_ID: optional(
    z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1 to 64 letters, digits, dots, dashes or underscores (the release's commit, say)"),
  ),
  TRUSTED_PROXY_HOPS: optional(
    z.string().regex(/^\d{1,2}$/, HOPS_MESSAGE).transform(Number).pipe(z.number().max(10, HOPS_MESSAGE)),
  ),
});

export type Settings = {
  databaseUrl: string | undefined;
  /** Local state: the embedded database, the demo's secret and stand-in, the pid file. */
  dataDir: string;
  isDemo: boolean;
  appUrl: string;
  port: number;
  /** Proxies in front of the shop whose X-Forwarded-For entries are believed. */
  trustedProxyHops: number;
  mercadoPago: { accessToken: string; webhookSecret: string; apiUrl: string | undefined; standInPort: number };
  resend: { apiKey: string | undefined; baseUrl: string | undefined; from: string };
  /** AUTH_SECRET as configured; lib/env.ts generates one for demo mode. */
  authSecret: string | undefined;
  /**
   * What every instance of one release must share, so a page one instance
   * rendered can post its actions to another: the actions key and the
   * deployment id. Required when live; lib/env.ts keeps demo ones.
   */
  release: { actionsKey: string | undefined; deploymentId: string | undefined };
};

export class ConfigError extends Error {}

/**
 * Validates the environment. Demo mode is decided by the Mercado Pago
 * credentials, not NODE_ENV: `npm start` is a production build either way.
 */
export function parseSettings(source: Record<string, string | undefined> = process.env): Settings {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? "is invalid"}`);
  }
  const vars = parsed.data;
  const isDemo = !vars.MERCADOPAGO_ACCESS_TOKEN;
  if (!isDemo) {
    const required = [
      "MERCADOPAGO_WEBHOOK_SECRET", "AUTH_SECRET", "APP_URL", "RESEND_API_KEY", "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY", "NEXT_DEPLOYMENT_ID",
    ] as const;
    for (const name of required) {
      if (!vars[name]) {
        throw new ConfigError(`Invalid configuration: ${name} is required when MERCADOPAGO_ACCESS_TOKEN is set`);
      }
    }
  }
  const port = vars.PORT ?? 3000;
  return {
    databaseUrl: vars.DATABASE_URL,
    dataDir: path.resolve(vars.PERCHA_DATA_DIR ?? ".data"),
    isDemo,
    appUrl: (vars.APP_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    port,
    trustedProxyHops: vars.TRUSTED_PROXY_HOPS ?? 0,
    mercadoPago: {
      accessToken: vars.MERCADOPAGO_ACCESS_TOKEN ?? DEMO_MERCADOPAGO_ACCESS_TOKEN,
      webhookSecret: vars.MERCADOPAGO_WEBHOOK_SECRET ?? DEMO_MERCADOPAGO_WEBHOOK_SECRET,
      apiUrl: vars.MERCADOPAGO_API_URL,
      standInPort: vars.MERCADOPAGO_STAND_IN_PORT ?? 3100,
    },
    resend: {
      apiKey: vars.RESEND_API_KEY,
      baseUrl: vars.RESEND_BASE_URL,
      from: vars.EMAIL_FROM ?? "Percha <orders@percha.shop>",
    },
    authSecret: vars.AUTH_SECRET,
    release: { actionsKey: vars.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, deploymentId: vars.NEXT_DEPLOYMENT_ID },
  };
}
