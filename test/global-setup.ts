import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { Client } from "pg";

/**
 * Each run gets a fresh database on the server in DATABASE_URL (the test
 * script starts the embedded one when it is unset), migrated, and dropped at
 * the end.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set: run the tests with `npm test`, which provides a database");
  const name = `percha_test_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  const { migrateDatabase } = await import("../db/migrate");
  const { closeDb } = await import("../db/client");
  await migrateDatabase();
  await closeDb();
  project.provide("databaseUrl", url.toString());

  return async () => {
    const cleanup = new Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
