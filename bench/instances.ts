/**
 * The app as the bench runs it: one production build in `.next-bench` (never
 * `.next`, which others use), and instances of the shop's server
 * (scripts/server.ts, as `npm start` runs it) on loopback ports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { z } from "zod";
import { bundleServer, serverCommand } from "@/scripts/server-build";
import { sleep } from "./stats";

export const DIST_DIR = ".next-bench";
const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");
const START_TIMEOUT_MS = 60_000;
const LOG_LINES = 60;

/** Environment every bench process of the app gets: demo mode, production build, no telemetry. */
export function appEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_DIST_DIR: DIST_DIR, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  // The bench always pays through its own stand-in and captures mail, whatever the caller's shell holds.
  for (const name of ["MERCADOPAGO_ACCESS_TOKEN", "MERCADOPAGO_WEBHOOK_SECRET", "RESEND_API_KEY", "RESEND_BASE_URL", "PORT"]) delete env[name];
  return { ...env, ...overrides };
}

// ---- Build ---------------------------------------------------------------

async function newestSourceChange(): Promise<number> {
  let newest = 0;
  for (const dir of ["app", "components", "lib", "db", "public"]) {
    const entries = await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  for (const file of ["next.config.ts", "package.json", "instrumentation.ts", "middleware.ts", "proxy.ts"]) {
    const full = path.join(ROOT, file);
    if (existsSync(full)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export type BuildReport = { built: boolean; seconds: number };

// What tsconfig.json and next-env.d.ts held before a bench build, kept on disk until put back:
// a run killed mid-build (even with SIGKILL) is repaired by the next run's restoreSharedFiles().
const SNAPSHOT = path.join(ROOT, "bench", "results", "shared-files.tmp");
const SHARED_FILES = ["tsconfig.json", "next-env.d.ts"];
let building: ChildProcess | undefined;

/** Builds the app into .next-bench when stale, and bundles the shop's server beside it. */
export async function buildIfStale(deadline: number): Promise<BuildReport> {
  const report = await buildNextIfStale(deadline);
  await bundleServer(DIST_DIR);
  return report;
}

/**
 * Builds into .next-bench when it has no build or a source is newer. `next
 * build` rewrites tsconfig.json and next-env.d.ts to point at its dist dir;
 * those shared files are put back as they were, so the bench leaves no trace.
 */
async function buildNextIfStale(deadline: number): Promise<BuildReport> {
  restoreSharedFiles();
  const buildId = path.join(ROOT, DIST_DIR, "BUILD_ID");
  if (existsSync(buildId) && (await newestSourceChange()) < statSync(buildId).mtimeMs) return { built: false, seconds: 0 };
  const started = Date.now();
  const snapshot = SHARED_FILES.map((file) => {
    const full = path.join(ROOT, file);
    return { file: full, before: existsSync(full) ? readFileSync(full, "utf8") : null };
  });
  mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
  writeFileSync(SNAPSHOT, JSON.stringify(snapshot));
  console.log(`Building the app into ${DIST_DIR} (sources changed since the last bench build)…`);
  building = spawn(NEXT_BIN, ["build"], { env: appEnvironment({}), stdio: ["ignore", "pipe", "pipe"] });
  const log = tail(building);
  const code = await exitCode(building, deadline - Date.now());
  building = undefined;
  restoreSharedFiles();
  if (code !== 0) throw new Error(`next build failed (exit ${code ?? "timeout"}):\n${log.text()}`);
  return { built: true, seconds: (Date.now() - started) / 1000 };
}

/** Stops a build still running (on interrupt), then puts the shared files back. */
export async function abandonBuild(): Promise<void> {
  const child = building;
  if (child) await stopChild(child);
  restoreSharedFiles();
}

const snapshotSchema = z.array(z.object({ file: z.string(), before: z.string().nullable() }));

/** Puts back what a bench build changed in the shared files, if a snapshot is waiting. */
export function restoreSharedFiles(): void {
  if (!existsSync(SNAPSHOT)) return;
  const parsed = snapshotSchema.safeParse(JSON.parse(readFileSync(SNAPSHOT, "utf8")));
  if (parsed.success) for (const { file, before } of parsed.data) restoreIfOnlyNextChanged(file, before);
  rmSync(SNAPSHOT, { force: true });
}

/**
 * Puts a shared file back only when the build's own edit is the sole change
 * (its dist dir added to tsconfig's include, or swapped into next-env.d.ts),
 * so an engineer's concurrent edit is never overwritten.
 */
function restoreIfOnlyNextChanged(file: string, before: string | null): void {
  if (before === null || !existsSync(file)) return;
  const now = readFileSync(file, "utf8");
  if (now === before) return;
  const isNextEdit = file.endsWith("tsconfig.json")
    ? sameJson(withoutDistDirIncludes(now), withoutDistDirIncludes(before))
    : now === before.replaceAll("./.next/", `./${DIST_DIR}/`);
  if (isNextEdit) writeFileSync(file, before);
  else console.warn(`${path.basename(file)} changed during the bench build; left as it is.`);
}

function withoutDistDirIncludes(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text; // Comments or a half-written file: compared as text, so only an identical one counts.
  }
  if (typeof parsed !== "object" || parsed === null || !("include" in parsed) || !Array.isArray(parsed.include)) return parsed;
  const include: unknown[] = parsed.include;
  return { ...parsed, include: include.filter((entry) => !(typeof entry === "string" && entry.startsWith(`${DIST_DIR}/`))) };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `eslint .` lints every folder it is not told to ignore, .next-bench's built
 * chunks included (hundreds of errors in everyone's `npm test`). So the build is
 * kept for the next run only once eslint.config.mjs ignores it, or when asked
 * (BENCH_KEEP_BUILD=1; 0 always removes it).
 */
export function removeBuildUnlessKept(): void {
  const eslintConfig = path.join(ROOT, "eslint.config.mjs");
  const isIgnoredByLint = existsSync(eslintConfig) && readFileSync(eslintConfig, "utf8").includes(DIST_DIR);
  const keep = process.env.BENCH_KEEP_BUILD === "1" || (process.env.BENCH_KEEP_BUILD !== "0" && isIgnoredByLint);
  if (!keep) rmSync(path.join(ROOT, DIST_DIR), { recursive: true, force: true });
}

// ---- Instances -------------------------------------------------------------

export type AppInstance = {
  name: string;
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
  log(): string;
};

/** Tries to listen on 127.0.0.1:`port` (0: any); the port it got, or null when taken. */
async function probePort(port: number): Promise<number | null> {
  const server = createServer();
  const isListening = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (!isListening) return null;
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return address === null || typeof address === "string" ? null : address.port;
}

/**
 * BENCH_PORTS (`first-last`, e.g. `3400-3499`): the loopback ports the bench's
 * servers (app instances, balancer, Mercado Pago stand-in, Chromium) may use,
 * for a machine shared with other runs; unset, the OS picks free ones.
 */
export function benchPortRange(value = process.env.BENCH_PORTS): { first: number; last: number } | null {
  if (value === undefined || value.trim() === "") return null;
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(value);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (!match || first < 1024 || last > 65535 || first > last) throw new Error(`BENCH_PORTS: expected first-last between 1024 and 65535, got "${value}"`);
  return { first, last };
}

// Ports this process already handed out: freePort() closes its probe at once, so a second call would find the same one free.
const handedOut = new Set<number>();

/** A port nothing listens on right now: from BENCH_PORTS when set, else any the OS picks. */
export async function freePort(): Promise<number> {
  const range = benchPortRange();
  if (!range) {
    const port = await probePort(0);
    if (port === null) throw new Error("no port");
    return port;
  }
  for (let port = range.first; port <= range.last; port++) {
    if (handedOut.has(port)) continue;
    if ((await probePort(port)) !== null) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`BENCH_PORTS: no free port left in ${range.first}-${range.last}`);
}

/**
 * Starts the shop's server on 127.0.0.1:`port` and waits until /api/health answers.
 * `nodeArgs` are `node` flags (such as --cpu-prof, which NODE_OPTIONS refuses).
 */
export async function startAppInstance(name: string, port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<AppInstance> {
  const { command, args } = serverCommand(DIST_DIR, nodeArgs);
  const child = spawn(command, args, {
    env: appEnvironment({ ...env, PORT: String(port), HOSTNAME: "127.0.0.1" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = tail(child);
  const url = `http://127.0.0.1:${port}`;
  const instance: AppInstance = { name, url, port, pid: child.pid ?? -1, stop: () => stopChild(child), log: log.text };
  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} while starting:\n${log.text()}`);
    const healthy = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (healthy) return instance;
    await sleep(150);
  }
  await instance.stop();
  throw new Error(`${name} did not answer /api/health within ${START_TIMEOUT_MS / 1000} s:\n${log.text()}`);
}

function tail(child: ChildProcess): { text(): string } {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
    lines.splice(0, Math.max(0, lines.length - LOG_LINES));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { text: () => lines.join("\n") };
}

function exitCode(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, Math.max(0, timeoutMs));
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
