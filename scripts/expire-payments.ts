/**
 * One pass of the payment clean-up: expires unpaid links past their hour,
 * frees their holds, deletes expired holds, retries owed refunds and the
 * early expiry of superseded links.
 * Safe to run from cron on several machines at once (rows are taken with
 * SKIP LOCKED). Run: tsx --conditions=react-server scripts/expire-payments.ts
 */
import { runExpiryOnce } from "@/lib/payments/expiry";
import { withDatabase } from "./with-database";

await withDatabase(async () => {
  const report = await runExpiryOnce();
  console.log(
    `Expired ${report.expiredPayments} payment(s), deleted ${report.deletedHolds} expired hold(s), refunded ${report.refunds} owed refund(s), expired ${report.expiredLinks} superseded link(s).`,
  );
});
