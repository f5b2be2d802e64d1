import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Credentials of the local Mercado Pago stand-in, used only in demo mode. */
export const DEMO_MERCADOPAGO_ACCESS_TOKEN = "TEST-percha-stand-in-token";
export const DEMO_MERCADOPAGO_WEBHOOK_SECRET = "percha-stand-in-webhook-secret";

export const DATA_DIR = path.join(process.cwd(), ".data");

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const schema = z.object({
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// URL"),
  ),
  MERCADOPAGO_ACCESS_TOKEN: optional(z.string().min(10, "looks too short")),
  MERCADOPAGO_WEBHOOK_SECRET: optional(z.string().min(8, "looks too short")),
  MERCADOPAGO_API_URL: optional(httpUrl),
  RESEND_API_KEY: optional(z.string().startsWith("re_", "must start with re_")),
  RESEND_BASE_URL: optional(httpUrl),
  EMAIL_FROM: optional(z.string().min(3)),
  AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  APP_URL: optional(httpUrl),
  PORT: optional(z.string().regex(/^\d{2,5}$/, "must be a port number")),
});

export type Env = {
  databaseUrl: string | undefined;
  isDemo: boolean;
  appUrl: string;
  port: number;
  mercadoPago: { accessToken: string; webhookSecret: string; apiUrl: string | undefined };
  resend: { apiKey: string | undefined; baseUrl: string | undefined; from: string };
  authSecret: string;
};

export class ConfigError extends Error {}

/**
 * Parses the environment once. Demo mode is decided by the Mercado Pago
 * credentials, not NODE_ENV: `npm start` is a production build either way.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? "is invalid"}`);
  }
  const vars = parsed.data;
  const isDemo = !vars.MERCADOPAGO_ACCESS_TOKEN;
  if (!isDemo) {
    for (const name of ["MERCADOPAGO_WEBHOOK_SECRET", "AUTH_SECRET", "APP_URL", "RESEND_API_KEY"] as const) {
      if (!vars[name]) {
        throw new ConfigError(`Invalid configuration: ${name} is required when MERCADOPAGO_ACCESS_TOKEN is set`);
      }
    }
  }
  const port = Number(vars.PORT ?? 3000);
  return {
    databaseUrl: vars.DATABASE_URL,
    isDemo,
    appUrl: (vars.APP_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    port,
    mercadoPago: {
      accessToken: vars.MERCADOPAGO_ACCESS_TOKEN ?? DEMO_MERCADOPAGO_ACCESS_TOKEN,
      webhookSecret: vars.MERCADOPAGO_WEBHOOK_SECRET ?? DEMO_MERCADOPAGO_WEBHOOK_SECRET,
      apiUrl: vars.MERCADOPAGO_API_URL,
    },
    resend: {
      apiKey: vars.RESEND_API_KEY,
      baseUrl: vars.RESEND_BASE_URL,
      from: vars.EMAIL_FROM ?? "Percha <orders@percha.shop>",
    },
    authSecret: vars.AUTH_SECRET ?? developmentAuthSecret(),
  };
}

/** A development secret generated once and kept under .data/, so sessions survive restarts. */
function developmentAuthSecret(): string {
  const file = path.join(DATA_DIR, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
