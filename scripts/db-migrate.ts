import { migrateDatabase } from "@/db/migrate";
import { withDatabase } from "./with-database";

await withDatabase(async () => {
  await migrateDatabase();
  console.log("Migrations applied.");
});
