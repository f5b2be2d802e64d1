import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run outside React's server build, where `server-only` would throw.
      "server-only": path.resolve(import.meta.dirname, "test/empty.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "i18n/**/*.test.ts", "db/**/*.test.ts", "e2e/stand-ins/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files share one fresh database; each test builds its own rows. Background
    // jobs (expiry, refunds, email) take any due row in the database, so files
    // run one at a time: no file's job acts on another file's rows.
    fileParallelism: false,
  },
});
