/** Runs of kicked jobs still going in this process. */
const running = new Set<Promise<void>>();
/** Set when the instance stops: kicks are ignored, and what they would do waits for another instance. */
let isStopped = false;

/**
 * A background job that runs soon after it is kicked (call the kick after
 * the transaction that queued work commits), never twice at once in this
 * process; kicks during a run make one more run. Failures are logged, never
 * thrown: the rows stay queued for the next kick or the interval job.
 */
export function kickable(name: string, run: () => Promise<unknown>): () => void {
  let isRunning = false;
  let isKickedAgain = false;
  return function kick() {
    if (isStopped) return;
    if (isRunning) {
      isKickedAgain = true;
      return;
    }
    isRunning = true;
    const done = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      try {
        do {
          isKickedAgain = false;
          await run();
        } while (isKickedAgain);
      } catch (error) {
        console.error(`${name} failed:`, error);
      } finally {
        isRunning = false;
        running.delete(done);
      }
    });
    running.add(done);
  };
}

/** Stops this process's kicks for good (shutdown); runs already going finish. */
export function stopKicking(): void {
  isStopped = true;
}

/** Resolves once every kicked run (and any run it kicked) has finished: for shutdown and tests. */
export async function whenIdle(): Promise<void> {
  while (running.size > 0) await Promise.all(running);
}
