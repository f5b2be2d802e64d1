/**
 * `npm run staff:add -- <email>`: creates a staff account or promotes an
 * existing one, and prints a one-time password to change at first sign-in.
 */
import { migrateDatabase } from "@/db/migrate";
import { grantStaff } from "@/lib/staff-accounts";
import { withDatabase } from "./with-database";

const email = process.argv[2];
if (!email) {
  console.error("Usage: npm run staff:add -- <email>");
  process.exit(2);
}

await withDatabase(async () => {
  await migrateDatabase();
  const grant = await grantStaff(email, { id: null, email: "staff:add (server command line)" });
  console.log(`${grant.isNewAccount ? "Created" : "Promoted"} staff account ${grant.email}.`);
  console.log(`One-time password: ${grant.oneTimePassword}`);
  console.log("Sign in at /sign-in with it; you will be asked to choose your own (at least 12 characters).");
});
