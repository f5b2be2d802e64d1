import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Client, Pool } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrateDatabase } from "./migrate";

const server = new URL(process.env.DATABASE_URL ?? "");
const name = `percha_migrate_${randomBytes(4).toString("hex")}`;
const instances = Array.from({ length: 4 }, () => new Pool({ connectionString: withDatabase(name), max: 2 }));

function withDatabase(database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(statement: string): Promise<void> {
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(statement);
  await admin.end();
}

afterAll(async () => {
  // A pool's end() resolves before its connections have closed, and the database is dropped
  // WITH (FORCE): a connection still closing then ends with an error, which is expected here.
  for (const instance of instances) instance.on("error", () => undefined);
  await Promise.all(instances.map((instance) => instance.end()));
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe("migrations", () => {
  it("run once when four instances start together on an empty database", async () => {
    await onServer(`CREATE DATABASE ${name}`);

    const started = await Promise.allSettled(instances.map((instance) => migrateDatabase(instance)));

    expect(started.map((s) => (s.status === "rejected" ? String(s.reason) : s.status))).toEqual(Array(4).fill("fulfilled"));
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
    const applied = await instances[0]?.query<{ count: number }>("select count(*)::int as count from drizzle.__drizzle_migrations");
    expect(applied?.rows[0]?.count).toBe(journal.entries.length);
    // And the shop's tables are there, once.
    const tables = await instances[0]?.query("select 1 from information_schema.tables where table_name = 'stock_movement'");
    expect(tables?.rowCount).toBe(1);
  });
});
