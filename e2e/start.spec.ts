/**
 * `npm start` as a person runs it: the start script with the demo's
 * Mercado Pago stand-in, started, used, stopped and started again. It gets a
 * database, a data folder and ports of its own, and APP_URL names `localhost`
 * while the server listens on 127.0.0.1, as on a laptop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { freePort } from "@/bench/instances";
import { DEMO_MERCADOPAGO_ACCESS_TOKEN } from "@/lib/env-schema";
import { send } from "@/test/http";
import { expect, test } from "./fixtures";
import { E2E_APP_PORT, E2E_RELEASE, e2eDatabaseUrl } from "./ports";

const DATABASE = `percha_e2e_start_${E2E_APP_PORT}`;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

type Shop = { child: ChildProcess; output(): string; exited: Promise<void> };

const setup = { dataDir: "", databaseUrl: "", port: 0, standInPort: 0, paymentLink: "" };
const appUrl = () => `http://localhost:${setup.port}`;
const pidFile = () => path.join(setup.dataDir, "percha.pid");

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** Runs the start script as `npm start` does, in a process group of its own (Ctrl-C signals the whole group). */
async function startShop(): Promise<Shop> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["MERCADOPAGO_ACCESS_TOKEN", "MERCADOPAGO_WEBHOOK_SECRET", "MERCADOPAGO_API_URL", "RESEND_API_KEY", "AUTH_SECRET", "NODE_OPTIONS"]) {
    delete env[name];
  }
  Object.assign(env, {
    DATABASE_URL: setup.databaseUrl,
    PORT: String(setup.port),
    APP_URL: appUrl(),
    PERCHA_DATA_DIR: setup.dataDir,
    MERCADOPAGO_STAND_IN_PORT: String(setup.standInPort),
    // The release the suite's build was made for: the shop must not build again under the suite.
    ...E2E_RELEASE,
  });
  const child = spawn("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/start.ts"], {
    env, detached: true, stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const shop = { child, output: () => output, exited };
  const started = Date.now();
  while (!output.includes("Percha is ready")) {
    if (child.exitCode !== null) throw new Error(`the start script exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`the shop did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return shop;
}

/** Stops the shop and checks it left nothing behind: no process of its group, no listener, no pid file. */
async function expectCleanStop(shop: Shop, stop: (pid: number) => void): Promise<void> {
  const pid = shop.child.pid ?? -1;
  stop(pid);
  await Promise.race([shop.exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`still running:\n${shop.output()}`)), STOP_TIMEOUT_MS))]);
  expect(existsSync(pidFile()), "pid file left behind").toBe(false);
  await expect.poll(() => isGroupAlive(pid), { message: "a process of the shop outlived it", timeout: 10_000 }).toBe(false);
  for (const port of [setup.port, setup.standInPort]) {
    await expect(send(`http://127.0.0.1:${port}/api/health`), `port ${port} still answers`).rejects.toThrow(/ECONNREFUSED/);
  }
}

function isGroupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch (error) {
    return !(error instanceof Error && "code" in error && error.code === "ESRCH");
  }
}

// One run of the start script is enough; both projects running it would share its database.
const isDesktop = (info: { project: { name: string } }) => info.project.name === "desktop";

test.describe.serial("npm start", () => {
  test.beforeEach(({}, testInfo) => test.skip(!isDesktop(testInfo), "the desktop project runs the start script"));

  test.beforeAll(async ({}, workerInfo) => {
    if (!isDesktop(workerInfo)) return;
    setup.dataDir = mkdtempSync(path.join(tmpdir(), "percha-start-"));
    setup.port = await freePort();
    setup.standInPort = await freePort();
    const url = new URL(e2eDatabaseUrl());
    url.pathname = `/${DATABASE}`;
    setup.databaseUrl = url.toString();
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${DATABASE}`);
  });

  test.afterAll(async ({}, workerInfo) => {
    if (!isDesktop(workerInfo)) return;
    rmSync(setup.dataDir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  });

  test("prints APP_URL, sends other host names to it, keeps a new account signed in, and Ctrl-C leaves nothing behind", async ({ page }) => {
    test.setTimeout(START_TIMEOUT_MS + 60_000);
    const shop = await startShop();
    try {
      expect(shop.output()).toContain(`Percha is ready on ${appUrl()}`);
      expect(shop.output(), "the listening address is not the shop's").not.toContain(`127.0.0.1:${setup.port}`);
      expect(existsSync(pidFile())).toBe(true);

      await page.goto(`http://127.0.0.1:${setup.port}/sign-up`);
      await expect(page).toHaveURL(`${appUrl()}/en/sign-up`);
      await page.getByLabel("Name").fill("Lola");
      await page.getByLabel("Email").fill(`lola-${Date.now()}@example.com`);
      await page.getByLabel("Password").fill("a long enough password");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page).toHaveURL(`${appUrl()}/en`);
      await expect(page.getByText("Hi, Lola")).toBeVisible();

      // A payment link made now must survive the restart of the next test.
      const created = await fetch(`http://127.0.0.1:${setup.standInPort}/checkout/preferences/`, {
        method: "POST",
        headers: { authorization: `Bearer ${DEMO_MERCADOPAGO_ACCESS_TOKEN}` },
        body: JSON.stringify({ items: [{ title: "Classic tee", quantity: 1, unit_price: 25_000, currency_id: "ARS" }] }),
      });
      expect(created.status).toBe(201);
      setup.paymentLink = ((await created.json()) as { init_point: string }).init_point;
    } finally {
      await expectCleanStop(shop, (pid) => process.kill(-pid, "SIGINT"));
    }
  });

  test("a restart keeps the demo's payment links, and SIGTERM leaves nothing behind", async ({ page }) => {
    test.setTimeout(START_TIMEOUT_MS + 60_000);
    expect(setup.paymentLink).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${setup.standInPort}/`));
    const shop = await startShop();
    try {
      await page.goto(setup.paymentLink);
      await page.getByRole("button", { name: "Approve payment" }).click();
      await expect(page.getByText("Payment approved")).toBeVisible();
    } finally {
      await expectCleanStop(shop, (pid) => process.kill(pid, "SIGTERM"));
    }
  });
});
