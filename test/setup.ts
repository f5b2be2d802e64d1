import { afterAll, afterEach, inject, vi } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

// An unexpected console.error is a bug the test should have caught.
const consoleError = vi.spyOn(console, "error");
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockClear();
  if (calls.length > 0) throw new Error(`console.error was called: ${calls.map((c) => c.join(" ")).join("\n")}`);
});

afterAll(async () => {
  const { closeDb } = await import("@/db/client");
  await closeDb();
});
