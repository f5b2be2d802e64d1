import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { emailOutbox, order } from "@/db/schema";
import { startResendStandIn, type ResendStandIn } from "@/e2e/stand-ins/resend";
import { createOrder, enqueuePurchaseEmailOf } from "@/test/orders";
import { now, setClockOffset } from "../clock";
import { env } from "../env";
import {
  CAPTURED, deliverDueEmails, enqueueEmail, getOutboxEmail, kickEmailDelivery, listOutboxEmails, MAX_ATTEMPTS,
} from "./outbox";

let resend: ResendStandIn;
const FROM = "Percha <orders@percha.test>";
const viaStandIn = () => ({ apiKey: "re_test_key", baseUrl: resend.url, from: FROM });
const captureOnly = { apiKey: undefined, baseUrl: undefined, from: FROM };

// Other test files finalize orders (and kick delivery) on the same database at
// the same time. Running these tests a year ahead makes their emails due only
// to these tests' deliveries, so no other worker takes them first.
const AHEAD = 365 * 86_400_000;

async function paidOrderEmail(productName?: string, locale: "es" | "en" = "en") {
  const created = await createOrder({ productName, locale });
  await db.transaction((tx) => enqueuePurchaseEmailOf(tx, created.id));
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, created.id));
  if (!row) throw new Error("no outbox row");
  return { ...created, row };
}

const rowsOf = (ids: string[]) => db.select().from(emailOutbox).where(inArray(emailOutbox.id, ids));

beforeAll(async () => {
  resend = await startResendStandIn();
});
afterAll(() => resend.close());
beforeEach(() => setClockOffset(AHEAD));
afterEach(() => {
  setClockOffset(0);
  resend.failNext(0);
});

describe("enqueuePurchaseEmail", () => {
  it("writes the purchase email with the order number, lines, total and the order's token link", async () => {
    const { id, token, row } = await paidOrderEmail("Tee <Navy> & Co");
    const link = `${env().appUrl}/en/orders/${id}?token=${token}`;
    expect(row).toMatchObject({ kind: "purchase", to: "ana@example.com", status: "pending", attempts: 0 });
    expect(row.subject).toBe(`Your Percha order #${id} is confirmed`);
    expect(row.text).toContain("Tee <Navy> & Co (M, Navy) — 2 × $\u00a010.000,00 = $\u00a020.000,00");
    expect(row.text).toContain("Tee <Navy> & Co (L, Sand) — 1 × $\u00a010.000,00 = $\u00a010.000,00");
    expect(row.text).toContain("Total: $\u00a030.000,00");
    expect(row.text).toContain(link);
    expect(row.html).toContain("Tee &lt;Navy&gt; &amp; Co");
    expect(row.html).not.toContain("<Navy>");
    expect(row.html).toContain(`href="${link}"`);
    expect(row.html).toContain(`#${id}`);
  });

  it("is written in the language the order was placed in, with the order's link in that language", async () => {
    const { id, token, row } = await paidOrderEmail("Remera", "es");
    expect(row.subject).toBe(`Tu pedido #${id} de Percha está confirmado`);
    expect(row.text).toContain("¡Gracias, Ana!");
    expect(row.text).toContain("Remera (M, Navy) — 2 × $\u00a010.000,00");
    expect(row.html).toContain('<html lang="es-AR">');
    expect(row.html).toContain(`href="${env().appUrl}/orders/${id}?token=${token}"`);
    expect(row.html).toContain("Ver tu pedido");
  });

  it("names the province and the shipping line, part of the total", async () => {
    const { id } = await createOrder({ locale: "en" });
    await db.update(order).set({ province: "Q", shippingZone: "patagonia", shippingMinor: 990_000, totalMinor: 3_990_000 }).where(eq(order.id, id));
    await db.transaction((tx) => enqueuePurchaseEmailOf(tx, id));
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, id));
    expect(row?.text).toContain("will ship it to Av. Corrientes 1234, Buenos Aires, Neuquén (C1043).");
    expect(row?.text).toContain("Shipping to Neuquén: $\u00a09.900,00\nTotal: $\u00a039.900,00");
    expect(row?.html).toContain("Shipping to Neuquén");
  });

  it("says free shipping when it was", async () => {
    const { id } = await createOrder({ locale: "en" });
    await db.update(order).set({ province: "C", shippingZone: "caba", shippingMinor: 0 }).where(eq(order.id, id));
    await db.transaction((tx) => enqueuePurchaseEmailOf(tx, id));
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, id));
    expect(row?.text).toContain("Shipping to Ciudad Autónoma de Buenos Aires: Free\nTotal: $\u00a030.000,00");
  });

  it("adds nothing when the same order is finalized again", async () => {
    const { id } = await paidOrderEmail();
    await db.transaction((tx) => enqueuePurchaseEmailOf(tx, id));
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, id))).toHaveLength(1);
  });

  it("disappears with a finalize transaction that rolls back", async () => {
    const { id } = await createOrder();
    await expect(db.transaction(async (tx) => {
      await enqueuePurchaseEmailOf(tx, id);
      throw new Error("stock could not cover the order");
    })).rejects.toThrow("stock could not cover");
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, id))).toEqual([]);
  });
});

describe("deliverDueEmails", () => {
  it("sends each email exactly once when two workers deliver at the same time", async () => {
    const emails = await Promise.all(Array.from({ length: 8 }, () => paidOrderEmail()));
    const ids = emails.map((e) => e.row.id);

    const reports = await Promise.all([deliverDueEmails({ transport: viaStandIn() }), deliverDueEmails({ transport: viaStandIn() })]);

    // Every request counts, not just the messages: Resend's idempotency would hide a double send.
    const requested = resend.requests().filter((r) => r.idempotencyKey !== null && ids.includes(r.idempotencyKey));
    expect(requested.map((r) => r.idempotencyKey).sort()).toEqual([...ids].sort());
    const mine = resend.messages().filter((m) => m.idempotencyKey !== null && ids.includes(m.idempotencyKey));
    expect(mine).toHaveLength(ids.length);
    expect(reports[0].sent + reports[1].sent).toBeGreaterThanOrEqual(ids.length);
    const rows = await rowsOf(ids);
    for (const row of rows) {
      const message = mine.find((m) => m.idempotencyKey === row.id);
      expect(row).toMatchObject({ status: "sent", attempts: 1, providerMessageId: message?.id, lastError: null });
      expect(message).toMatchObject({ from: FROM, to: [row.to], subject: row.subject, html: row.html, text: row.text });
    }
  });

  it("keeps a failed email queued with its error, and a later run past the backoff delivers it", async () => {
    const { row } = await paidOrderEmail();
    resend.failNext(1000);
    await deliverDueEmails({ transport: viaStandIn() });

    const [failed] = await rowsOf([row.id]);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, providerMessageId: null });
    expect(failed?.lastError).toContain("500 internal_server_error");
    expect(failed?.nextAttemptAt.getTime()).toBeGreaterThan(now().getTime() + 25_000);

    resend.failNext(0);
    await deliverDueEmails({ transport: viaStandIn() });
    expect((await rowsOf([row.id]))[0]?.status).toBe("pending");

    setClockOffset(AHEAD + 31_000);
    await deliverDueEmails({ transport: viaStandIn() });
    const [sent] = await rowsOf([row.id]);
    expect(sent).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(resend.messages().filter((m) => m.idempotencyKey === row.id)).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and says so in the log`, async () => {
    const { row } = await paidOrderEmail();
    await db.update(emailOutbox).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(emailOutbox.id, row.id));
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    resend.failNext(1000);

    await deliverDueEmails({ transport: viaStandIn() });

    expect((await rowsOf([row.id]))[0]).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(logged.mock.calls.some((call) => String(call[0]).includes(`Email ${row.id}`))).toBe(true);
    logged.mockClear();
    logged.mockRestore();
  });

  it("without an API key captures the email instead of sending it", async () => {
    const { row } = await paidOrderEmail();
    const before = resend.messages().length;

    await deliverDueEmails({ transport: captureOnly });

    expect((await rowsOf([row.id]))[0]).toMatchObject({ status: "sent", providerMessageId: CAPTURED, attempts: 1 });
    expect(resend.messages()).toHaveLength(before);
    expect(await getOutboxEmail(row.id)).toMatchObject({ delivery: "captured", subject: row.subject, html: row.html, text: row.text });
    expect((await listOutboxEmails()).find((m) => m.id === row.id)).toMatchObject({ delivery: "captured", to: "ana@example.com" });
  });

  it("kickEmailDelivery delivers soon without making the caller wait", async () => {
    const { row } = await paidOrderEmail();
    expect(kickEmailDelivery()).toBeUndefined();
    await vi.waitFor(async () => expect((await rowsOf([row.id]))[0]?.status).toBe("sent"), { timeout: 5000, interval: 50 });
  });

  it("removes a single-use link from the outbox once the email is sent, and keeps it when captured", async () => {
    const link = "http://shop.test/reset-password?token=secret-token-value";
    const message = { subject: "Reset your Percha password", html: `<a href="${link}">Choose</a>`, text: `Choose: ${link}` };
    const queue = (to: string) => db.transaction(async (tx) => {
      await enqueueEmail(tx, { kind: "password_reset", to, ...message });
      const [row] = await tx.select().from(emailOutbox).where(eq(emailOutbox.to, to));
      if (!row) throw new Error("no outbox row");
      return row;
    });
    const sent = await queue(`sent-${Date.now()}@example.com`);
    await deliverDueEmails({ transport: viaStandIn() });
    expect(resend.messages().find((m) => m.idempotencyKey === sent.id)?.text).toContain(link);
    const [scrubbed] = await rowsOf([sent.id]);
    expect(scrubbed).toMatchObject({ status: "sent", subject: message.subject });
    expect(`${scrubbed?.html}${scrubbed?.text}`).not.toContain("secret-token-value");

    const captured = await queue(`captured-${Date.now()}@example.com`);
    await deliverDueEmails({ transport: captureOnly });
    expect((await rowsOf([captured.id]))[0]).toMatchObject({ status: "sent", providerMessageId: CAPTURED, text: message.text });
  });
});
