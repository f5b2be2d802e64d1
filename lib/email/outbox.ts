import "server-only";
import { and, asc, desc, eq, lte } from "drizzle-orm";
import { Resend } from "resend";
import { db, type Transaction } from "@/db/client";
import { emailOutbox, order, type EmailOutbox, type Order, type OrderItem, type Refund } from "@/db/schema";
import { now } from "../clock";
import { sizedPhotoUrl } from "../images/sizes";
import { kickable } from "../jobs/kick";
import { provinceOf } from "../delivery/provinces";
import { env, type Env } from "../env";
import { orderPath } from "../order-access";
import { localeOf } from "../i18n";
import { absoluteUrl, localizedPath } from "../urls";
import type { RenderedEmail } from "./layout";
import { renderPurchaseEmail } from "./purchase-email";
import { renderRefundEmail } from "./refund-email";
import { renderShippedEmail } from "./shipped-email";

export const PURCHASE_EMAIL = "purchase";
const SHIPPED_EMAIL = "shipped";
/** providerMessageId of mail kept in the outbox instead of sent (no RESEND_API_KEY). */
export const CAPTURED = "captured";
export const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;
// The row stays locked while Resend answers; a hung call must not hold it for long.
const SEND_TIMEOUT_MS = 10_000;

/**
 * Puts the purchase email of a paid order into the outbox, inside the
 * caller's finalize transaction: it is sent only if the payment commits, and
 * a second finalize of the same order adds nothing. Written from the order
 * and its lines (in the order they were placed) as finalize already read them.
 */
export async function enqueuePurchaseEmail(tx: Transaction, paid: Order, lines: OrderItem[]): Promise<void> {
  const orderId = paid.id;
  const email = renderPurchaseEmail({
    orderId,
    fullName: paid.fullName,
    lines: lines.map((line) => ({ ...line, imageUrl: absoluteUrl(sizedPhotoUrl(line.image, 240)) })),
    totalMinor: paid.totalMinor,
    currency: paid.currency,
    shipping: { address: paid.address, city: paid.city, postalCode: paid.postalCode, province: provinceOf(paid.province)?.name ?? null },
    shippingMinor: paid.province ? paid.shippingMinor : null,
    // The token link for everyone, so the email opens the order without signing in.
    orderUrl: orderUrl(paid),
    locale: localeOf(paid.locale),
  });
  await tx
    .insert(emailOutbox)
    .values({ orderId, kind: PURCHASE_EMAIL, to: paid.email, ...email, nextAttemptAt: now() })
    .onConflictDoNothing({ target: [emailOutbox.orderId, emailOutbox.kind] });
}

/**
 * Puts the email telling the buyer a refund went through into the outbox,
 * inside the transaction that records it as refunded. One per refund.
 */
export async function enqueueRefundEmail(tx: Transaction, refunded: Refund): Promise<void> {
  if (refunded.orderId === null) return;
  const [owning] = await tx.select().from(order).where(eq(order.id, refunded.orderId));
  if (!owning) return;
  const email = renderRefundEmail({
    orderId: owning.id,
    fullName: owning.fullName,
    reason: refunded.reason,
    amountMinor: refunded.amountMinor,
    currency: refunded.currency,
    orderUrl: orderUrl(owning),
    locale: localeOf(owning.locale),
  });
  await tx
    .insert(emailOutbox)
    .values({ orderId: owning.id, kind: `refund:${refunded.id}`, to: owning.email, ...email, nextAttemptAt: now() })
    .onConflictDoNothing({ target: [emailOutbox.orderId, emailOutbox.kind] });
}

/**
 * Puts the "shipped" email of an order into the outbox, inside the
 * transaction that marks it shipped: one per order, however often it runs.
 */
export async function enqueueShippedEmail(tx: Transaction, shipped: Order): Promise<void> {
  if (!shipped.carrier || !shipped.trackingNumber) throw new Error(`Order ${shipped.id} has no carrier or tracking number to email`);
  const email = renderShippedEmail({
    orderId: shipped.id,
    fullName: shipped.fullName,
    carrier: shipped.carrier,
    trackingNumber: shipped.trackingNumber,
    shipping: { address: shipped.address, city: shipped.city, postalCode: shipped.postalCode },
    orderUrl: orderUrl(shipped),
    locale: localeOf(shipped.locale),
  });
  await tx
    .insert(emailOutbox)
    .values({ orderId: shipped.id, kind: SHIPPED_EMAIL, to: shipped.email, ...email, nextAttemptAt: now() })
    .onConflictDoNothing({ target: [emailOutbox.orderId, emailOutbox.kind] });
}

/** The order's page with its access token, in the language the order was placed in. */
function orderUrl(placed: Pick<Order, "id" | "locale">): string {
  return absoluteUrl(localizedPath(orderPath(placed.id, true), localeOf(placed.locale)));
}

/** Email kinds carrying a single-use link that acts on an account: scrubbed from the outbox once delivered. */
export const SINGLE_USE_LINK_KINDS = ["verify_email", "password_reset"] as const;
const SCRUBBED_BODY = "(Removed after delivery: this email carried a single-use link.)";

/**
 * Puts an email into the outbox inside the caller's transaction: it goes out
 * only if that transaction commits. Kick delivery after the commit.
 */
export async function enqueueEmail(
  tx: Transaction,
  message: RenderedEmail & { kind: string; to: string; orderId?: number },
): Promise<void> {
  await tx.insert(emailOutbox).values({ ...message, nextAttemptAt: now() });
}

export type DeliveryReport = { sent: number; retrying: number; failed: number };
type Outcome = keyof DeliveryReport | "none";
type SendResult = { ok: true; messageId: string } | { ok: false; error: string };

/** 30 s, 1 min, 2 min, … capped at an hour. */
function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/**
 * Sends due outbox emails, one row per transaction. Each row is taken with
 * FOR UPDATE SKIP LOCKED and stays locked until it is marked sent or
 * rescheduled in that same transaction, so concurrent workers (any number of
 * app instances) never send one row twice. If the process dies mid-send the
 * row stays pending; the retry reuses the row id as Resend's idempotency key,
 * so Resend does not deliver it again. Without an API key mail is captured:
 * marked sent with providerMessageId "captured", kept for /dev/emails.
 */
export async function deliverDueEmails(
  options: { limit?: number; transport?: Env["resend"] } = {},
): Promise<DeliveryReport> {
  const transport = options.transport ?? env().resend;
  const resend = transport.apiKey
    ? new Resend(transport.apiKey, transport.baseUrl ? { baseUrl: transport.baseUrl } : undefined)
    : null;
  const send = resend ? (row: EmailOutbox) => sendWithResend(resend, transport.from, row) : captureOnly;
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (let taken = 0; taken < (options.limit ?? 25); taken++) {
    const outcome = await deliverNextDue(send);
    if (outcome === "none") break;
    report[outcome] += 1;
  }
  return report;
}

async function deliverNextDue(send: (row: EmailOutbox) => Promise<SendResult>): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now())))
      .orderBy(asc(emailOutbox.nextAttemptAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!row) return "none";
    const result = await send(row);
    const attempts = row.attempts + 1;
    // A sent reset or confirmation link must not stay readable in the database; captured
    // mail (demo mode) keeps it, since the outbox is then the only mailbox there is.
    const scrubbed = SINGLE_USE_LINK_KINDS.some((kind) => kind === row.kind) ? { html: SCRUBBED_BODY, text: SCRUBBED_BODY } : {};
    if (result.ok) {
      await tx
        .update(emailOutbox)
        .set({ status: "sent", attempts, providerMessageId: result.messageId, sentAt: now(), lastError: null, ...(result.messageId === CAPTURED ? {} : scrubbed) })
        .where(eq(emailOutbox.id, row.id));
      return "sent";
    }
    const isGivingUp = attempts >= MAX_ATTEMPTS;
    await tx
      .update(emailOutbox)
      .set({
        ...(isGivingUp ? scrubbed : {}),
        status: isGivingUp ? "failed" : "pending",
        attempts,
        lastError: result.error.slice(0, 1000),
        nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts)),
      })
      .where(eq(emailOutbox.id, row.id));
    if (isGivingUp) console.error(`Email ${row.id} to order ${row.orderId ?? "-"} failed ${attempts} times; giving up: ${result.error}`);
    return isGivingUp ? "failed" : "retrying";
  });
}

async function sendWithResend(resend: Resend, from: string, row: EmailOutbox): Promise<SendResult> {
  const { data, error } = await resend.emails.send(
    { from, to: row.to, subject: row.subject, html: row.html, text: row.text },
    { idempotencyKey: row.id, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
  );
  if (data) return { ok: true, messageId: data.id };
  return { ok: false, error: `${error.statusCode ?? "no response"} ${error.name}: ${error.message}` };
}

async function captureOnly(): Promise<SendResult> {
  return { ok: true, messageId: CAPTURED };
}

/**
 * Starts a delivery run soon, without making the caller wait (call it after
 * the finalize transaction commits). The outbox keeps an email whose run failed.
 */
export const kickEmailDelivery = kickable("Email delivery run", () => deliverDueEmails());

/** How far an outbox email got, as the demo mailbox shows it. */
export type DeliveryState = "captured" | "sent" | "queued" | "failed";
export type OutboxMessage = { id: string; to: string; subject: string; delivery: DeliveryState; lastError: string | null; date: Date };

function toMessage(row: EmailOutbox): OutboxMessage {
  const delivery: DeliveryState =
    row.status === "sent" ? (row.providerMessageId === CAPTURED ? "captured" : "sent") : row.status === "failed" ? "failed" : "queued";
  return { id: row.id, to: row.to, subject: row.subject, delivery, lastError: row.lastError, date: row.sentAt ?? row.createdAt };
}

/** The outbox, newest first, for the demo mailbox at /dev/emails. */
export async function listOutboxEmails(limit = 100): Promise<OutboxMessage[]> {
  const rows = await db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
  return rows.map(toMessage);
}

/** One outbox email with its bodies, as the shopper would receive it. */
export async function getOutboxEmail(id: string): Promise<(OutboxMessage & { html: string; text: string }) | null> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row ? { ...toMessage(row), html: row.html, text: row.text } : null;
}
