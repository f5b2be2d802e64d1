import { defineConfig, devices } from "@playwright/test";
import { E2E_APP_PORT, E2E_APP_URL } from "./e2e/ports";

const launchOptions = {
  executablePath: process.env.CHROME_PATH || undefined,
  // No network here: keep Chromium from reaching out at start.
  args: ["--disable-background-networking", "--disable-component-update", "--no-first-run"],
};

const ALONE = "admin-access.spec.ts";

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // English browsers: the storefront sends them to its /en pages, where the English journeys run.
  use: { baseURL: E2E_APP_URL, locale: "en-US", trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    { name: "desktop", testIgnore: ALONE, use: { ...devices["Desktop Chrome"], launchOptions } },
    { name: "mobile", testIgnore: ALONE, use: { ...devices["Pixel 7"], browserName: "chromium", launchOptions } },
    // Checks that compare a fingerprint of the whole database before and after each request run
    // after the others, alone: another test's writes would otherwise look like theirs.
    { name: "alone", testMatch: ALONE, dependencies: ["desktop", "mobile"], use: { ...devices["Desktop Chrome"], launchOptions } },
  ],
  webServer: {
    command: "node_modules/.bin/tsx --conditions=react-server e2e/server.ts",
    url: `${E2E_APP_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { PORT: String(E2E_APP_PORT) },
  },
});
