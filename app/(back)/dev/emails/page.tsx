import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDate } from "@/components/format";
import { listOutboxEmails } from "@/lib/email/outbox";
import { mayReadCapturedEmails } from "@/lib/email/mailbox";
import "./emails.css";

export const metadata: Metadata = { title: "Captured emails", robots: { index: false } };

/** Demo mode only: the outbox as a mailbox, so a shopper's emails can be read without sending any. */
export default async function DevEmailsPage() {
  if (!(await mayReadCapturedEmails())) notFound();
  const emails = await listOutboxEmails();
  return (
    <section className="dev-mail">
      <h1>Emails</h1>
      <p className="muted">Demo mode: without RESEND_API_KEY, emails are captured here instead of being sent. Newest first.</p>
      {emails.length === 0 ? (
        <p className="notice notice--warn">No emails yet. Buy something and the confirmation will appear here.</p>
      ) : (
        <div className="dev-mail__scroll">
          <table className="dev-mail__table">
            <thead>
              <tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Status</th><th scope="col">Date</th></tr>
            </thead>
            <tbody>
              {emails.map((email) => (
                <tr key={email.id}>
                  <td><Link href={`/dev/emails/${email.id}`}>{email.subject}</Link></td>
                  <td>{email.to}</td>
                  <td><span className={`dev-mail__state dev-mail__state--${email.delivery}`}>{email.delivery}</span></td>
                  <td>{formatDate(email.date)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
