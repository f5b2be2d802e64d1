import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseSettings, type Settings } from "./env-schema";

export { ConfigError, DEMO_MERCADOPAGO_ACCESS_TOKEN, DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "./env-schema";

export type Env = Omit<Settings, "authSecret" | "release"> & { authSecret: string; release: { actionsKey: string; deploymentId: string } };

/**
 * Parses the environment. What demo mode may leave unset (AUTH_SECRET, the
 * actions key, the deployment id) is generated once and kept in the data
 * folder, so sessions and open pages survive restarts.
 */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const settings = parseSettings(source);
  const { dataDir, release } = settings;
  return {
    ...settings,
    authSecret: settings.authSecret ?? kept(dataDir, "auth-secret", () => randomBytes(32).toString("base64url")),
    release: {
      actionsKey: release.actionsKey ?? kept(dataDir, "actions-key", () => randomBytes(32).toString("base64")),
      deploymentId: release.deploymentId ?? kept(dataDir, "deployment-id", () => `demo-${randomBytes(6).toString("hex")}`),
    },
  };
}

/** A value generated once and kept in the data folder. */
function kept(dataDir: string, name: string, generate: () => string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const value = generate();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
