/**
 * `npm run bench`: builds the app into .next-bench if needed, then runs each
 * configuration (one app instance; three behind a round-robin balancer) in a
 * process of its own on a fresh database, and prints the table and writes
 * bench/results/latest.json. Loopback only; stops by itself within the budget.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PHASES, type ConfigurationPlan, type ConfigurationResult, type ParentMessage, type Phase, type WorkerMessage } from "./configuration";
import { dropBenchDatabases, serverVersion, startEmbeddedServer } from "./database";
import { abandonBuild, buildIfStale, DIST_DIR, removeBuildUnlessKept, type BuildReport } from "./instances";
import type { RaceResult } from "./race";
import { buildRows, printTable, printTargets, targetRows, writeJson, type Report } from "./report";
import { round } from "./stats";

const numberFrom = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const BUDGET_SECONDS = Math.min(600, numberFrom("BENCH_BUDGET_SECONDS", 600));
const RESULTS_FILE = path.join(import.meta.dirname, "results", "latest.json");
const WORKER = path.join(import.meta.dirname, "configuration.ts");
/** Time kept for each later configuration while the first runs, and for the final clean-up. */
const LATER_CONFIGURATION_SECONDS = 150;
const FINAL_RESERVE_SECONDS = 20;

const ROLE = "PERCHA_BENCH_ROLE";
const startedAt = Date.now();
const deadline = startedAt + BUDGET_SECONDS * 1000;
const runId = String(process.pid);
const workers = new Set<ChildProcess>();
let stopping = false;
const spawnedPids = new Map<number, string>();
let stopEmbedded: (() => Promise<void>) | undefined;
let serverUrl: string | undefined;

const elapsed = (): string => {
  const s = Math.floor((Date.now() - startedAt) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};
const log = (message: string): void => console.log(`[${elapsed()}] ${message}`);

/** BENCH_PHASES: a comma-separated subset of PHASES (e.g. `back-office` alone while working on it); all by default. */
function phases(): Phase[] {
  const asked = process.env.BENCH_PHASES?.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (!asked || asked.length === 0) return [...PHASES];
  const unknown = asked.filter((p) => !PHASES.some((known) => known === p));
  if (unknown.length > 0) throw new Error(`BENCH_PHASES: unknown phase ${unknown.join(", ")} (known: ${PHASES.join(", ")})`);
  return PHASES.filter((p) => asked.includes(p));
}

/**
 * BENCH_CONFIGURATIONS: the instance counts to run, in order (`1,3` by default;
 * more than one runs behind the balancer). Lighthouse and the back office run
 * in the 1-instance configuration only.
 */
function instanceCounts(): number[] {
  const asked = (process.env.BENCH_CONFIGURATIONS ?? "1,3").split(",").map((n) => n.trim()).filter((n) => n !== "");
  const counts = asked.map(Number);
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 4)) {
    throw new Error(`BENCH_CONFIGURATIONS: expected instance counts from 1 to 4, like "1,3"; got "${process.env.BENCH_CONFIGURATIONS}"`);
  }
  return [...new Set(counts)];
}

function plans(server: string): ConfigurationPlan[] {
  const common = {
    serverUrl: server,
    runId,
    phases: phases(),
    race: { shoppers: 400, units: 50, concurrency: 32, warmup: 32 },
    dbLimit: { seconds: numberFrom("BENCH_DB_LIMIT_SECONDS", 5), maxUpdates: 2_000_000 },
    http: {
      connections: 16,
      seconds: numberFrom("BENCH_HTTP_SECONDS", 8),
      webhookPayments: numberFrom("BENCH_WEBHOOK_PAYMENTS", 1000),
      cartLines: 10,
    },
    ttfb: { connections: numberFrom("BENCH_TTFB_CONNECTIONS", 4), seconds: numberFrom("BENCH_TTFB_SECONDS", 5) },
    lighthouseRuns: numberFrom("BENCH_LIGHTHOUSE_RUNS", 3),
    instancePoolSize: numberFrom("BENCH_INSTANCE_POOL_SIZE", 10),
    // The same heap cap as `npm start` (scripts/start.ts).
    instanceNodeArgs: (process.env.BENCH_INSTANCE_NODE_ARGS ?? "--max-old-space-size=256").split(" ").filter((arg) => arg !== ""),
  };
  const backOffice = { orders: numberFrom("BENCH_BACK_OFFICE_ORDERS", 10_000), variants: numberFrom("BENCH_BACK_OFFICE_VARIANTS", 2000) };
  const counts = instanceCounts();
  // Each configuration must be done in time for the ones after it; the last one has what is left.
  return counts.map((instances, i) => ({
    ...common,
    index: i + 1,
    name: instances === 1 ? "1 instance" : `${instances} instances + balancer`,
    instances,
    // Lighthouse and the back office run with one instance only: the later configurations have less time.
    lighthouse: instances === 1 && process.env.BENCH_LIGHTHOUSE !== "0",
    backOffice: instances === 1 ? backOffice : null,
    deadline: deadline - ((counts.length - 1 - i) * LATER_CONFIGURATION_SECONDS + FINAL_RESERVE_SECONDS) * 1000,
  }));
}

/** Runs one configuration in a forked process (it inherits tsx and --conditions=react-server). */
function runWorker(plan: ConfigurationPlan): Promise<ConfigurationResult> {
  return new Promise((resolve) => {
    // Its own process group: a Ctrl-C reaches this process, which stops the worker in order; if this
    // process dies first (tsx's relay kills a child that is slow to acknowledge a signal), the worker
    // sees the IPC channel close and cleans up on its own.
    const worker = fork(WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], detached: true });
    workers.add(worker);
    let result: ConfigurationResult | undefined;
    const overdue = setTimeout(() => {
      log(`${plan.name}: past its deadline, stopping it`);
      stopProcess(worker);
    }, Math.max(0, plan.deadline - Date.now()) + 15_000);
    worker.on("message", (message: WorkerMessage) => {
      if (message.kind === "progress") log(message.message);
      if (message.kind === "pid") spawnedPids.set(message.pid, message.what);
      if (message.kind === "done") result = message.result;
    });
    worker.once("exit", (code, signal) => {
      clearTimeout(overdue);
      workers.delete(worker);
      resolve(result ?? {
        name: plan.name, instances: plan.instances, database: "", appUrl: "", setupSeconds: 0, memory: [], skipped: [],
        errors: [`the configuration process ended without a result (exit ${code ?? signal ?? "?"})`],
      });
    });
    worker.send({ kind: "run", plan } satisfies ParentMessage);
  });
}

function stopProcess(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
}

/** Kills app servers or browsers a configuration started if they outlived it (checked by command line: pids get reused). */
function killLeftovers(): void {
  for (const [pid, what] of spawnedPids) {
    const commandLine = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
    if (!/next|chrom/i.test(commandLine)) continue;
    try {
      // chrome-launcher starts the browser as a process group leader: take its helpers too.
      process.kill(what === "chromium" ? -pid : pid, "SIGKILL");
      log(`killed leftover ${what} (pid ${pid})`);
    } catch {
      // Already gone.
    }
  }
}

async function cleanup(): Promise<void> {
  await abandonBuild();
  for (const worker of workers) stopProcess(worker);
  const waitUntil = Date.now() + 12_000;
  while (workers.size > 0 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 200));
  killLeftovers();
  if (serverUrl) {
    const dropped = await dropBenchDatabases(serverUrl, runId).catch(() => []);
    if (dropped.length > 0) log(`dropped leftover databases: ${dropped.join(", ")}`);
  }
  await stopEmbedded?.();
  stopEmbedded = undefined;
  removeBuildUnlessKept();
}

async function main(): Promise<number> {
  log(`Percha bench: at most ${BUDGET_SECONDS} s, loopback only`);
  const wanted = phases();
  if (wanted.length < PHASES.length) log(`phases: ${wanted.join(", ")} (BENCH_PHASES)`);
  const loadAtStart = os.loadavg()[0] ?? 0;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    const embedded = await startEmbeddedServer();
    stopEmbedded = embedded.stop;
    serverUrl = embedded.url;
    log("started the embedded PostgreSQL (DATABASE_URL is not set)");
  }
  const postgres = await serverVersion(serverUrl);
  const build: BuildReport = await buildIfStale(deadline - (LATER_CONFIGURATION_SECONDS + 120) * 1000);
  if (build.built) log(`built ${DIST_DIR} in ${round(build.seconds, 0)} s`);

  const configurations: ConfigurationResult[] = [];
  for (const plan of plans(serverUrl)) {
    if (stopping) break;
    log(`${plan.name}: starting`);
    configurations.push(await runWorker(plan));
  }
  // Interrupted: stop() cleans up and exits; the last complete latest.json stays as it was.
  if (stopping) return 130;
  const loadAtEnd = os.loadavg()[0] ?? 0;
  await cleanup();

  const wallSeconds = (Date.now() - startedAt) / 1000;
  const rows = buildRows(configurations, wallSeconds, BUDGET_SECONDS);
  const targets = targetRows(configurations);
  const report: Report = {
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: round(wallSeconds, 1) ?? 0,
    machine: {
      cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryMb: Math.round(os.totalmem() / 2 ** 20),
      node: process.version, postgres, loadAverageAtStart: round(loadAtStart, 2) ?? 0, loadAverageAtEnd: round(loadAtEnd, 2) ?? 0,
    },
    build,
    configurations,
    rows,
    targets,
    unmet: [
      ...targets.filter((r) => r.met === false).map((r) => `target: ${r.figure}`),
      ...rows.filter((r) => r.met === false).map((r) => `${r.section}: ${r.figure}`),
    ],
    notes: [
      "ratio = value / limit for rates, limit / value for times: 1 means as fast as the limit measured in the same run.",
      "The database limit is the bare guarded UPDATE on one row; the framework limit is /api/health under the same load.",
    ],
  };
  printTable(rows);
  printTargets(targets, configurations.map((c) => c.name));
  const cores = os.cpus().length;
  if (loadAtStart > cores || loadAtEnd > cores) {
    console.log(`\nThe machine was busy: load average ${round(loadAtStart, 2)} at the start, ${round(loadAtEnd, 2)} at the end, on ${cores} cores.`);
  }
  for (const c of configurations) {
    for (const skipped of c.skipped) console.log(`\n${c.name}: skipped ${skipped}`);
    for (const error of c.errors) console.error(`\n${c.name}: ERROR ${error}`);
  }
  writeJson(report, RESULTS_FILE);
  console.log(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE)} (${round(wallSeconds, 0)} s).`);
  // The race's checks are the bench's correctness checks; when BENCH_PHASES leaves it out, errors alone count.
  const isRaceWanted = phases().includes("race");
  const isRaceCorrect = (race: RaceResult | undefined): boolean => race !== undefined
    && race.paidOrders === race.expectedPaid && race.finalStock === race.units - race.expectedPaid && (race.minStockSeen ?? 0) >= 0
    && race.refunds === 0 && race.webhookFailures === 0;
  const isCorrect = configurations.every((c) => c.errors.length === 0 && (!isRaceWanted || (isRaceCorrect(c.race) && isRaceCorrect(c.coldRace))));
  return isCorrect ? 0 : 1;
}

async function stop(code: number, why: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(why);
  await cleanup().catch((error: unknown) => console.error("while stopping:", error));
  process.exit(code);
}

function orchestrate(): void {
  process.on("SIGINT", () => void stop(130, "interrupted: stopping everything"));
  process.on("SIGTERM", () => void stop(143, "terminated: stopping everything"));
  process.on("disconnect", () => void stop(130, "the launcher went away: stopping everything"));
  // The hard stop, early enough for the clean-up (at most ~15 s) to finish inside the budget.
  const watchdog = setTimeout(() => void stop(2, `the ${BUDGET_SECONDS} s budget is nearly spent: stopping everything`), deadline - Date.now() - 18_000);
  main()
    .then((code) => {
      clearTimeout(watchdog);
      if (!stopping) process.exit(code);
    })
    .catch((error: unknown) => {
      clearTimeout(watchdog);
      // While stopping, the interrupted step's own error (a killed build, a closed connection) is expected.
      if (!stopping) console.error(error instanceof Error ? error.message : error);
      void stop(1, "the bench failed");
    });
}

/**
 * `npm run bench` runs this file under the tsx CLI, which SIGKILLs its child when
 * the child is slow (30 ms) to acknowledge a Ctrl-C, as a busy machine often is.
 * So this process only launches the orchestrator in a process group of its own and
 * forwards signals; the orchestrator cleans up even if this process is killed.
 */
function launch(): void {
  const orchestrator = fork(import.meta.filename, process.argv.slice(2), {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    detached: true,
    env: { ...process.env, [ROLE]: "orchestrator" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => orchestrator.kill(signal));
  orchestrator.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

if (process.env[ROLE] === "orchestrator") orchestrate();
else launch();
