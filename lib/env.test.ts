import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEMO_MERCADOPAGO_ACCESS_TOKEN, parseEnv } from "./env";

const live = {
  MERCADOPAGO_ACCESS_TOKEN: "APP_USR-1234567890",
  MERCADOPAGO_WEBHOOK_SECRET: "whsec-123456789",
  AUTH_SECRET: "x".repeat(40),
  APP_URL: "https://shop.example.com",
  RESEND_API_KEY: "re_123456",
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  NEXT_DEPLOYMENT_ID: "release-2026-11-27.1",
};

// Given these, parseEnv generates nothing under .data/.
const demo = {
  AUTH_SECRET: "y".repeat(40),
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(16, 1).toString("base64"),
  NEXT_DEPLOYMENT_ID: "demo-test",
};

describe("parseEnv", () => {
  it("runs in demo mode with the stand-in's credentials when Mercado Pago is not configured", () => {
    const config = parseEnv(demo);
    expect(config.isDemo).toBe(true);
    expect(config.mercadoPago.accessToken).toBe(DEMO_MERCADOPAGO_ACCESS_TOKEN);
    expect(config.appUrl).toBe("http://localhost:3000");
  });

  it("names the variable that is malformed", () => {
    expect(() => parseEnv({ DATABASE_URL: "not-a-url" })).toThrow(new ConfigError("Invalid configuration: DATABASE_URL must be a postgres:// URL"));
    expect(() => parseEnv({ APP_URL: "ftp://shop" })).toThrow(/APP_URL/);
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT/);
  });

  it("trusts no proxy unless TRUSTED_PROXY_HOPS says how many, from 0 to 10", () => {
    expect(parseEnv(demo).trustedProxyHops).toBe(0);
    expect(parseEnv({ ...demo, TRUSTED_PROXY_HOPS: "" }).trustedProxyHops).toBe(0);
    expect(parseEnv({ ...demo, TRUSTED_PROXY_HOPS: "2" }).trustedProxyHops).toBe(2);
    expect(parseEnv({ ...demo, TRUSTED_PROXY_HOPS: "10" }).trustedProxyHops).toBe(10);
    for (const bad of ["11", "-1", "1.5", "one", " 1"]) {
      expect(() => parseEnv({ TRUSTED_PROXY_HOPS: bad }), bad).toThrow(
        new ConfigError("Invalid configuration: TRUSTED_PROXY_HOPS must be a whole number from 0 to 10"),
      );
    }
  });

  it("runs the demo's Mercado Pago stand-in on port 3100 unless MERCADOPAGO_STAND_IN_PORT says otherwise", () => {
    expect(parseEnv(demo).mercadoPago.standInPort).toBe(3100);
    expect(parseEnv({ ...demo, MERCADOPAGO_STAND_IN_PORT: "4100" }).mercadoPago.standInPort).toBe(4100);
    expect(() => parseEnv({ MERCADOPAGO_STAND_IN_PORT: "auto" })).toThrow(/MERCADOPAGO_STAND_IN_PORT must be a port number/);
  });

  it("keeps local state in .data unless PERCHA_DATA_DIR names another folder", () => {
    expect(parseEnv(demo).dataDir).toBe(path.resolve(".data"));
    expect(parseEnv({ ...demo, PERCHA_DATA_DIR: "/srv/percha" }).dataDir).toBe("/srv/percha");
  });

  it("with real credentials, requires every production secret and leaves demo mode", () => {
    expect(parseEnv(live).isDemo).toBe(false);
    const required = [
      "MERCADOPAGO_WEBHOOK_SECRET", "AUTH_SECRET", "APP_URL", "RESEND_API_KEY", "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY", "NEXT_DEPLOYMENT_ID",
    ] as const;
    for (const name of required) {
      expect(() => parseEnv({ ...live, [name]: undefined }), name).toThrow(new RegExp(`${name} is required`));
    }
    expect(parseEnv(live).release).toEqual({ actionsKey: live.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, deploymentId: live.NEXT_DEPLOYMENT_ID });
  });

  it("refuses an actions key that is not a base64 AES key, and a deployment id with other characters", () => {
    for (const bad of ["short", Buffer.alloc(20).toString("base64"), "not base64 at all!!", Buffer.alloc(32).toString("hex")]) {
      expect(() => parseEnv({ ...live, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: bad }), bad).toThrow(/NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be a base64 key/);
    }
    for (const bad of ["has space", "a/b", "x".repeat(65)]) {
      expect(() => parseEnv({ ...live, NEXT_DEPLOYMENT_ID: bad }), bad).toThrow(/NEXT_DEPLOYMENT_ID must be/);
    }
  });

  it("in demo mode, generates the secrets and release values once and keeps them in the data folder", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "percha-env-"));
    try {
      const first = parseEnv({ PERCHA_DATA_DIR: dataDir });
      expect(Buffer.from(first.release.actionsKey, "base64")).toHaveLength(32);
      expect(first.release.deploymentId).toMatch(/^demo-[0-9a-f]{12}$/);
      expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
      const again = parseEnv({ PERCHA_DATA_DIR: dataDir });
      expect([again.release, again.authSecret]).toEqual([first.release, first.authSecret]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
