import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { formatDate } from "@/components/format";
import { capturedEmail } from "@/lib/email/mailbox";
import "../emails.css";

export const metadata: Metadata = { title: "Captured email", referrer: "no-referrer", robots: { index: false } };

type Props = { params: Promise<{ id: string }> };

const paramsSchema = z.object({ id: z.uuid() });

export default async function DevEmailPage({ params }: Props) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const email = await capturedEmail(parsed.data.id);
  if (!email) notFound();
  return (
    <article className="dev-mail">
      <p className="breadcrumb"><Link href="/dev/emails">Emails</Link> / {email.subject}</p>
      <h1>{email.subject}</h1>
      <dl className="dev-mail__meta">
        <dt>To</dt><dd>{email.to}</dd>
        <dt>Status</dt><dd><span className={`dev-mail__state dev-mail__state--${email.delivery}`}>{email.delivery}</span>{email.lastError ? ` — last error: ${email.lastError}` : ""}</dd>
        <dt>Date</dt><dd>{formatDate(email.date)}</dd>
      </dl>
      <h2>As the shopper sees it</h2>
      {/* Sandboxed: no scripts, no access to this site; links open in a new tab. */}
      <iframe
        className="dev-mail__frame" title={`Email: ${email.subject}`} sandbox="allow-popups allow-popups-to-escape-sandbox"
        src={`/dev/emails/${email.id}/html`}
      />
      <h2>Plain-text version</h2>
      <pre className="dev-mail__text">{email.text}</pre>
    </article>
  );
}
