import { AsyncLocalStorage } from "node:async_hooks";
import type { Socket } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, openConnectionsFromHere, pool } from "./client";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

// A fresh pool for each test, so its connection is opened inside the test's "request".
beforeAll(() => openConnectionsFromHere());
afterAll(() => closeDb());

describe("a pooled connection opened during a request", () => {
  it("runs its socket's callbacks outside that request's async context", async () => {
    await closeDb();
    const request = new AsyncLocalStorage<string>();
    const seen = await request.run("a request", async () => {
      const client = await pool().connect();
      try {
        // A socket's own events run in the async context it was opened in.
        const { stream } = (client as unknown as { connection: { stream: Socket } }).connection;
        const onData = new Promise((resolve) => stream.once("data", () => resolve(request.getStore() ?? "none")));
        await client.query("select 1");
        return await onData;
      } finally {
        client.release();
      }
    });
    expect(seen).toBe("none");
  });

  it("keeps nothing of the caller that asked for it once connected", async () => {
    await closeDb();
    let held: WeakRef<object> | undefined;
    await new Promise<void>((resolve, reject) => {
      const caller = { render: new Array(1000).fill("state of a finished render") };
      held = new WeakRef(caller);
      // The callback holds the caller, as a render's promise holds the render.
      pool().connect((error, client, release) => {
        if (error || !client) return reject(error ?? new Error("no client"));
        caller.render.push("connected");
        release();
        resolve();
      });
    });
    // The connection is still open, idle in the pool.
    expect(pool().idleCount).toBe(1);
    for (let i = 0; i < 3 && held?.deref(); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    expect(held?.deref()).toBeUndefined();
  });
});
