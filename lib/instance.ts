import "server-only";
import { ConfigError, env } from "./env";

/**
 * Stops the process at once on bad configuration, then starts this
 * instance's share of the background work.
 */
export function startInstance(): void {
  try {
    env();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
