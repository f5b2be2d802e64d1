import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { releaseRenderOnAbort } from "./render-signal";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Aborts `controller` the way React ends a render (inside a setImmediate callback); the Immediate it ran in, weakly. */
function abortInImmediate(controller: AbortController): Promise<WeakRef<NodeJS.Immediate>> {
  return new Promise((resolve) => {
    const immediate = setImmediate(() => {
      controller.abort(new Error("This render completed successfully."));
      resolve(new WeakRef(immediate));
    });
  });
}

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    gc();
  }
  return ref.deref() === undefined;
}

describe("a render's cacheSignal, once aborted", () => {
  it("keeps no Immediate alive through its abort error's stack", async () => {
    const controller = new AbortController();
    releaseRenderOnAbort(controller.signal);
    const immediate = await abortInImmediate(controller);
    expect(await collected(immediate)).toBe(true);
    // The render's signal itself (and its reason) is still whole: only the call sites went.
    expect((controller.signal.reason as Error).stack).toContain("This render completed successfully.");
  });

  it("would keep it otherwise (what the test above guards against)", async () => {
    const controller = new AbortController();
    const immediate = await abortInImmediate(controller);
    expect(await collected(immediate)).toBe(false);
    expect(controller.signal.aborted).toBe(true);
  });

  it("does nothing outside a render", () => {
    expect(() => releaseRenderOnAbort(null)).not.toThrow();
  });
});
