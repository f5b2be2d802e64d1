import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "@/bench/instances";
import { parseSettings } from "@/lib/env-schema";
import { startDemoStandIn, STAND_IN_STATE_FILE } from "./demo-stand-in";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The configuration `npm start` would read, with a data folder and stand-in port of this test's own. */
async function demoConfig() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "percha-data-"));
  dirs.push(dataDir);
  return parseSettings({ PERCHA_DATA_DIR: dataDir, MERCADOPAGO_STAND_IN_PORT: String(await freePort()) });
}

async function createPreference(url: string, accessToken: string): Promise<{ id: string; init_point: string }> {
  const res = await fetch(`${url}/checkout/preferences/`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ items: [{ title: "Classic tee", quantity: 1, unit_price: 25_000, currency_id: "ARS" }] }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; init_point: string };
}

describe("the demo's Mercado Pago stand-in", () => {
  it("comes back after a restart on the same port with the links made before it", async () => {
    const config = await demoConfig();
    const first = await startDemoStandIn(config);
    expect(first.url).toBe(`http://127.0.0.1:${config.mercadoPago.standInPort}`);
    const preference = await createPreference(first.url, config.mercadoPago.accessToken);
    await first.close();
    expect(existsSync(path.join(config.dataDir, STAND_IN_STATE_FILE))).toBe(true);

    const second = await startDemoStandIn(config);
    try {
      expect(second.url).toBe(first.url);
      expect(await (await fetch(preference.init_point)).text()).toContain("Approve payment");
      const paid = await fetch(preference.init_point, { method: "POST", body: new URLSearchParams({ status: "approved" }), redirect: "manual" });
      expect(paid.status).toBe(200);
      expect(await paid.text()).toContain("Payment approved");
      expect(second.payments()).toMatchObject([{ preference_id: preference.id, status: "approved" }]);
    } finally {
      await second.close();
    }
  });

  it("names the variable to change when its port is taken", async () => {
    const config = await demoConfig();
    const first = await startDemoStandIn(config);
    try {
      await expect(startDemoStandIn(config)).rejects.toThrow(
        `Port ${config.mercadoPago.standInPort} of the Mercado Pago stand-in is taken: set MERCADOPAGO_STAND_IN_PORT`,
      );
    } finally {
      await first.close();
    }
  });
});
