/** Where the end-to-end server and its Mercado Pago stand-in listen (loopback only). */
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3210);
export const E2E_APP_URL = `http://127.0.0.1:${E2E_APP_PORT}`;
export const E2E_MERCADOPAGO_PORT = E2E_APP_PORT + 1;
export const E2E_MERCADOPAGO_URL = `http://127.0.0.1:${E2E_MERCADOPAGO_PORT}`;
/** Two more instances of the shop behind a balancer, for the cross-instance tests (e2e/instances.spec.ts). */
export const E2E_BALANCER_PORT = E2E_APP_PORT + 5;
export const E2E_BALANCER_URL = `http://127.0.0.1:${E2E_BALANCER_PORT}`;
export const E2E_INSTANCE_PORTS = [E2E_APP_PORT + 6, E2E_APP_PORT + 7] as const;

/** One database per app port, so end-to-end runs on other ports never share it. */
export const E2E_DATABASE = E2E_APP_PORT === 3210 ? "percha_e2e" : `percha_e2e_${E2E_APP_PORT}`;

/** The fresh database the end-to-end server uses, on the server in DATABASE_URL. */
export function e2eDatabaseUrl(): string {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error("DATABASE_URL is not set: run the end-to-end tests with `npm test`");
  const url = new URL(server);
  url.pathname = `/${E2E_DATABASE}`;
  return url.toString();
}

/**
 * The release the end-to-end server runs as: `npm test` builds with it, so
 * the server finds the build made for it and does not build again.
 */
export const E2E_RELEASE = { NEXT_DEPLOYMENT_ID: "percha-e2e", NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "cGVyY2hhLWUyZS1hY3Rpb25zLWtleS0zMi1ieXRlcyE=" };
