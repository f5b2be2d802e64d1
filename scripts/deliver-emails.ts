/**
 * Delivers the due emails in the outbox once and exits:
 * `tsx --conditions=react-server scripts/deliver-emails.ts`. Safe to run
 * beside the app's own delivery: rows are taken with FOR UPDATE SKIP LOCKED.
 */
import { deliverDueEmails } from "@/lib/email/outbox";
import { withDatabase } from "./with-database";

await withDatabase(async () => {
  const total = { sent: 0, retrying: 0, failed: 0 };
  // Runs until nothing is due, so a long queue drains in one invocation.
  for (;;) {
    const report = await deliverDueEmails({ limit: 100 });
    total.sent += report.sent;
    total.retrying += report.retrying;
    total.failed += report.failed;
    if (report.sent + report.retrying + report.failed < 100) break;
  }
  console.log(`Emails: ${total.sent} sent, ${total.retrying} will be retried, ${total.failed} failed for good.`);
});
