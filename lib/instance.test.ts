import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { finishJobsAndClose } from "./instance";
import { kickable } from "./jobs/kick";

describe("an instance told to stop", () => {
  it("lets a running job commit its transaction, takes no new job, then closes the pool", async () => {
    await db.execute(sql`create table if not exists instance_stop_probe (run int)`);
    let runs = 0;
    const job = kickable("probe", () =>
      db.transaction(async (tx) => {
        runs += 1;
        await tx.execute(sql`select pg_sleep(0.3)`);
        await tx.execute(sql`insert into instance_stop_probe values (${runs})`);
      }),
    );
    job();
    await new Promise((resolve) => setTimeout(resolve, 50));

    await finishJobsAndClose();
    job();

    // A fresh pool (the closed one is gone): the running job committed, the late kick ran nothing.
    const { rows } = await db.execute<{ run: number }>(sql`select run from instance_stop_probe`);
    expect(rows).toEqual([{ run: 1 }]);
    expect(runs).toBe(1);
    await db.execute(sql`drop table instance_stop_probe`);
  });
});
