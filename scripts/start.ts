/**
 * `npm start`: everything a fresh clone needs to serve the shop — the
 * database (embedded unless DATABASE_URL is set), migrations, the demo
 * catalog, the Mercado Pago stand-in in demo mode, a production build, and
 * the shop's server (scripts/server.ts). Stops all of it on Ctrl-C or
 * SIGTERM, in the reverse order, the pid file last.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { closeDb } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { isCatalogEmpty, seedCatalog } from "@/db/seed";
import { ConfigError, parseEnv, type Env } from "@/lib/env";
import { ensureDemoStaff } from "@/lib/staff-accounts";
import { startDemoStandIn } from "./demo-stand-in";
import { bundleServer, serverCommand } from "./server-build";

/** What to undo, in the order things were started; shutdown undoes them last first. */
const cleanups: Array<() => Promise<void>> = [];
const SERVER_NODE_OPTIONS = "--max-old-space-size=256";
const DIST_DIR = ".next";

async function main(): Promise<void> {
  const config = parseEnv();
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(config.port),
    // V8 otherwise grows the heap lazily past 500 MB under load; the bench measured this cap.
    NODE_OPTIONS: process.env.NODE_OPTIONS ?? SERVER_NODE_OPTIONS,
    // Shared by every instance of this release (generated and kept under .data/ in demo mode).
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: config.release.actionsKey,
    NEXT_DEPLOYMENT_ID: config.release.deploymentId,
  };

  mkdirSync(config.dataDir, { recursive: true });
  const pidFile = path.join(config.dataDir, "percha.pid");
  writeFileSync(pidFile, String(process.pid));
  cleanups.push(async () => rmSync(pidFile, { force: true }));

  if (!config.databaseUrl) {
    const embedded = await startEmbeddedPostgres({ handlesSignals: true });
    cleanups.push(embedded.stop);
    childEnv.DATABASE_URL = process.env.DATABASE_URL = embedded.url;
    console.log(`Local PostgreSQL is up (data in ${path.relative(process.cwd(), config.dataDir) || "."}/pg).`);
  }
  await migrateDatabase();
  if (await isCatalogEmpty()) {
    console.log("Loading the demo catalog and drawing its photos…");
    const { products, photos } = await seedCatalog();
    console.log(`Loaded the demo catalog: ${products} products, ${photos} photos.`);
  }
  if (config.isDemo) await ensureDemoStaff();
  await closeDb();

  if (config.isDemo && !config.mercadoPago.apiUrl) {
    const standIn = await startDemoStandIn(config);
    cleanups.push(standIn.close);
    childEnv.MERCADOPAGO_API_URL = standIn.url;
    console.log(`Demo mode: payments are simulated by the Mercado Pago stand-in at ${standIn.url}`);
  }

  await buildIfStale(config.release);
  await bundleServer(DIST_DIR);
  const { command, args } = serverCommand(DIST_DIR);
  const server = spawn(command, args, { env: childEnv, stdio: "inherit" });
  cleanups.push(() => stopChild(server));
  console.log(`Percha is starting on ${config.appUrl}`);
  server.on("exit", (code) => void shutdown(code ?? 1));
}

function nextBin(): string {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

/** Builds when there is no build, a source file is newer than it, or it was built for another deployment id. */
async function buildIfStale({ actionsKey, deploymentId }: Env["release"]): Promise<void> {
  const buildId = path.join(process.cwd(), DIST_DIR, "BUILD_ID");
  const isFresh = existsSync(buildId) && (await newestSourceChange()) < statSync(buildId).mtimeMs;
  if (isFresh && builtDeploymentId() === deploymentId) return;
  console.log("Building the shop (first start, changed sources or another deployment id)…");
  const build = spawnSync(nextBin(), ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: actionsKey, NEXT_DEPLOYMENT_ID: deploymentId },
  });
  if (build.status !== 0) throw new Error("next build failed");
}

/** The deployment id the build was made for, as Next recorded it. */
function builtDeploymentId(): string | undefined {
  try {
    const files = JSON.parse(readFileSync(path.join(DIST_DIR, "required-server-files.json"), "utf8")) as { config?: { deploymentId?: string } };
    return files.config?.deploymentId;
  } catch {
    return undefined;
  }
}

async function newestSourceChange(): Promise<number> {
  let newest = 0;
  for (const dir of ["app", "components", "lib", "db", "public"]) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  for (const file of ["next.config.ts", "instrumentation.ts", "package.json"]) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error: unknown) => console.error("while stopping:", error));
  }
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  void shutdown(1);
});
