import { startEmbeddedPostgres } from "@/db/embedded";
import { closeDb } from "@/db/client";
import { ConfigError, parseEnv } from "@/lib/env";

/** Runs `task` against DATABASE_URL, or the embedded database when it is unset. */
export async function withDatabase(task: () => Promise<void>): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  try {
    if (!parseEnv().databaseUrl) {
      const embedded = await startEmbeddedPostgres();
      stop = embedded.stop;
      process.env.DATABASE_URL = embedded.url;
    }
    await task();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  } finally {
    await closeDb();
    await stop?.();
  }
}
