/**
 * Runs once when a server instance starts: stop at once on bad
 * configuration, then start this instance's share of the background work.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ConfigError, env } = await import("./lib/env");
  try {
    env();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
