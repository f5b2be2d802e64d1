import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseSettings, type Settings } from "./env-schema";

export { ConfigError, DEMO_MERCADOPAGO_ACCESS_TOKEN, DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "./env-schema";

export type Env = Omit<Settings, "authSecret"> & { authSecret: string };

/** Parses the environment; without AUTH_SECRET (demo mode) a development secret is kept in the data folder. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const settings = parseSettings(source);
  return { ...settings, authSecret: settings.authSecret ?? developmentAuthSecret(settings.dataDir) };
}

/** A development secret generated once and kept in the data folder, so sessions survive restarts. */
function developmentAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
