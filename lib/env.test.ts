import { describe, expect, it } from "vitest";
import { ConfigError, DEMO_MERCADOPAGO_ACCESS_TOKEN, parseEnv } from "./env";

const live = {
  MERCADOPAGO_ACCESS_TOKEN: "APP_USR-1234567890",
  MERCADOPAGO_WEBHOOK_SECRET: "whsec-123456789",
  AUTH_SECRET: "x".repeat(40),
  APP_URL: "https://shop.example.com",
  RESEND_API_KEY: "re_123456",
};

describe("parseEnv", () => {
  it("runs in demo mode with the stand-in's credentials when Mercado Pago is not configured", () => {
    const config = parseEnv({ AUTH_SECRET: "y".repeat(40) });
    expect(config.isDemo).toBe(true);
    expect(config.mercadoPago.accessToken).toBe(DEMO_MERCADOPAGO_ACCESS_TOKEN);
    expect(config.appUrl).toBe("http://localhost:3000");
  });

  it("names the variable that is malformed", () => {
    expect(() => parseEnv({ DATABASE_URL: "not-a-url" })).toThrow(new ConfigError("Invalid configuration: DATABASE_URL must be a postgres:// URL"));
    expect(() => parseEnv({ APP_URL: "ftp://shop" })).toThrow(/APP_URL/);
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT/);
  });

  it("with real credentials, requires every production secret and leaves demo mode", () => {
    expect(parseEnv(live).isDemo).toBe(false);
    for (const name of ["MERCADOPAGO_WEBHOOK_SECRET", "AUTH_SECRET", "APP_URL", "RESEND_API_KEY"] as const) {
      expect(() => parseEnv({ ...live, [name]: undefined }), name).toThrow(new RegExp(`${name} is required`));
    }
  });
});
