/**
 * Runs the daily low-stock digest check once and exits:
 * `tsx --conditions=react-server scripts/low-stock-digest.ts`. Safe beside
 * the app's own checks: the digest goes out once per shop day, and not
 * before its hour (Argentina time).
 */
import { DIGEST_HOUR, sendLowStockDigest } from "@/lib/admin/low-stock-digest";
import { whenIdle } from "@/lib/jobs/kick";
import { withDatabase } from "./with-database";

await withDatabase(async () => {
  const report = await sendLowStockDigest();
  // Deliver the emails it queued before the process ends.
  await whenIdle();
  const said = {
    too_early: `Not before ${String(DIGEST_HOUR).padStart(2, "0")}:00 shop time (Argentina): nothing sent for ${report.day}.`,
    already_done: `The digest for ${report.day} was already done.`,
    nothing_low: `Nothing is low on ${report.day}: no digest sent.`,
    sent: `Low-stock digest for ${report.day}: ${report.lowVariants} variant(s) low, emailed to ${report.recipients} staff member(s).`,
  };
  console.log(said[report.outcome]);
});
