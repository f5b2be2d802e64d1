/**
 * `npm test`: lint, types, integration tests against real PostgreSQL, a
 * production build, and Playwright on desktop and mobile Chromium. Uses
 * DATABASE_URL when set, else the embedded PostgreSQL.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { startEmbeddedPostgres } from "@/db/embedded";
import { E2E_RELEASE } from "@/e2e/ports";

function findChromium(): string | null {
  const candidates = [process.env.CHROME_PATH, "/usr/bin/chromium", safe(() => chromium.executablePath())];
  return candidates.find((path): path is string => Boolean(path && existsSync(path))) ?? null;
}

function safe(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined; // Playwright has no browser of its own installed.
  }
}

const steps: Array<[string, string[]]> = [
  ["Lint", ["eslint", "."]],
  ["Type check", ["tsc", "--noEmit"]],
  ["Integration tests (PostgreSQL)", ["vitest", "run"]],
  ["Production build", ["next", "build"]],
  ["End-to-end tests (Playwright)", ["playwright", "test"]],
];

async function main(): Promise<number> {
  const chromePath = findChromium();
  if (!chromePath) {
    console.error("No Chromium found. Install one (Debian: `apt-get install chromium`), set CHROME_PATH to it, or run `npx playwright install chromium`.");
    return 1;
  }
  let stopDatabase: (() => Promise<void>) | undefined;
  if (!process.env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres();
    stopDatabase = embedded.stop;
    process.env.DATABASE_URL = embedded.url;
  }
  // The build is made for the release the end-to-end server runs as.
  const env = { ...process.env, ...E2E_RELEASE, CHROME_PATH: chromePath, NEXT_TELEMETRY_DISABLED: "1" };
  try {
    for (const [title, [bin, ...args]] of steps) {
      console.log(`\n=== ${title} ===`);
      const result = spawnSync(`node_modules/.bin/${bin}`, args, { stdio: "inherit", env });
      if (result.status !== 0) {
        console.error(`\n${title} failed.`);
        return 1;
      }
    }
    console.log("\nAll checks passed.");
    return 0;
  } finally {
    await stopDatabase?.();
  }
}

process.exit(await main());
