import path from "node:path";
import { startMercadoPagoStandIn, type MercadoPagoStandIn } from "@/e2e/stand-ins/mercadopago";
import { ConfigError, type Settings } from "@/lib/env-schema";

export const STAND_IN_STATE_FILE = "mercadopago-stand-in.json";

/**
 * The demo's Mercado Pago stand-in, as `npm start` runs it: on a fixed port
 * (MERCADOPAGO_STAND_IN_PORT) with its state in the data folder, so payment
 * links made before a restart still open and pay after it.
 */
export async function startDemoStandIn(config: Pick<Settings, "dataDir" | "mercadoPago">): Promise<MercadoPagoStandIn> {
  const { standInPort, accessToken, webhookSecret } = config.mercadoPago;
  try {
    return await startMercadoPagoStandIn({
      port: standInPort,
      accessToken,
      webhookSecret,
      stateFile: path.join(config.dataDir, STAND_IN_STATE_FILE),
    });
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      throw new ConfigError(`Port ${standInPort} of the Mercado Pago stand-in is taken: set MERCADOPAGO_STAND_IN_PORT to a free port`);
    }
    throw error;
  }
}
