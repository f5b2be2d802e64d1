/**
 * The server Playwright drives: a fresh database of its own (per port), the Mercado
 * Pago stand-in on a known port (specs use its control API), then the same
 * start script as `npm start`.
 */
import { Client } from "pg";
import { DEMO_MERCADOPAGO_ACCESS_TOKEN, DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "@/lib/env";
import { E2E_APP_PORT, E2E_APP_URL, E2E_DATABASE, E2E_MERCADOPAGO_PORT, E2E_RELEASE, e2eDatabaseUrl } from "./ports";
import { startMercadoPagoStandIn } from "./stand-ins/mercadopago";

const url = e2eDatabaseUrl();
const admin = new Client({ connectionString: process.env.DATABASE_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${E2E_DATABASE}`);
await admin.end();

const standIn = await startMercadoPagoStandIn({
  port: E2E_MERCADOPAGO_PORT,
  accessToken: DEMO_MERCADOPAGO_ACCESS_TOKEN,
  webhookSecret: DEMO_MERCADOPAGO_WEBHOOK_SECRET,
});
process.on("exit", () => void standIn.close());

Object.assign(process.env, {
  DATABASE_URL: url,
  APP_URL: E2E_APP_URL,
  MERCADOPAGO_API_URL: standIn.url,
  // Its own pid file and demo secret: a shop started with `npm start` in this checkout keeps its own.
  PERCHA_DATA_DIR: `.data/e2e-${E2E_APP_PORT}`,
  ...E2E_RELEASE,
});
await import("../scripts/start");
