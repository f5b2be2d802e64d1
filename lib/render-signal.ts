import { cacheSignal } from "react";

/**
 * Makes a finished render hold nothing of the renders after it. React aborts
 * each render's cacheSignal when the render ends, with an Error made inside
 * the setImmediate callback that ran its last work. Until someone reads its
 * `stack`, V8 keeps that Error's stack as call sites, which keep their
 * receivers: that Immediate, whose `_idleNext` (Node leaves it set once run)
 * reaches every Immediate queued after it, each holding the async context
 * (Next's request store, React's request) of the render that queued it, and
 * so those renders' own abort errors, and on. One render kept by anything
 * long-lived (a module first evaluated inside it keeps its evaluation's
 * promise, whose async context is that render's) then kept every render that
 * followed it while the load lasted: the cart page under steady load took the
 * heap from 55 MB past 200 MB. Reading the stack once the signal aborts has
 * V8 write it out as a string and let the call sites go.
 *
 * Call from a root layout's render (outside one, there is no render signal).
 */
export function releaseRenderOnAbort(signal: AbortSignal | null = cacheSignal()): void {
  if (!signal || signal.aborted) return;
  signal.addEventListener("abort", () => forgetCallSites(signal.reason), { once: true });
}

function forgetCallSites(reason: unknown): void {
  // Reading `stack` formats it: the call sites (and the objects they name) are dropped.
  if (reason instanceof Error) void reason.stack;
}
