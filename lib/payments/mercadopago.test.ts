import { randomUUID } from "node:crypto";
import { AppConfig } from "mercadopago/dist/utils/config/index.js";
import { describe, expect, it } from "vitest";
import { signWebhook } from "@/e2e/stand-ins/mercadopago";
import { setClockOffset } from "@/lib/clock";
import { DEMO_MERCADOPAGO_WEBHOOK_SECRET } from "@/lib/env";
import { createPaymentLink, expirePaymentLink, fetchPayment, isAuthenticWebhook, isoWithOffset, refundPayment, type PaymentLinkRequest } from "./mercadopago";
import { startMercadoPagoForTests } from "./test-support";

const mercadoPago = startMercadoPagoForTests();

function linkRequest(overrides: Partial<PaymentLinkRequest> = {}): PaymentLinkRequest {
  const createdAt = new Date();
  return {
    paymentId: randomUUID(),
    payerEmail: "ana@example.com",
    payerName: "Ana",
    currency: "ARS",
    lines: [{ variantId: 7, title: "Tee — M, Black", image: "/products/classic-tee.svg", unitPriceMinor: 1_850_050, quantity: 2 }],
    shipping: null,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 3_600_000),
    ...overrides,
  };
}

describe("the Mercado Pago client", () => {
  it("reaches the stand-in named by MERCADOPAGO_API_URL", async () => {
    const request = linkRequest();
    const link = await createPaymentLink(request);

    expect(AppConfig.BASE_URL).toBe(mercadoPago().standIn.url);
    expect(link).toMatchObject({ ok: true });
    const preference = mercadoPago().standIn.preferences().find((p) => p.external_reference === request.paymentId);
    expect(preference).toMatchObject({ items: [{ unit_price: 18_500.5, quantity: 2, picture_url: `${process.env.APP_URL}/products/classic-tee.svg` }] });
    expect(link.ok && link.initPoint).toBe(preference?.init_point);
  });

  it("keys each preference by its own payment id, never by a previous call's key", async () => {
    const first = linkRequest();
    const second = linkRequest();
    const a = await createPaymentLink(first);
    const again = await createPaymentLink(first);
    const b = await createPaymentLink(second);

    expect(a.ok && again.ok && again.preferenceId === a.preferenceId).toBe(true);
    expect(b.ok && a.ok && b.preferenceId !== a.preferenceId).toBe(true);
    const refs = mercadoPago().standIn.preferences().map((p) => p.external_reference);
    expect(refs.filter((r) => r === first.paymentId)).toHaveLength(1);
    expect(refs.filter((r) => r === second.paymentId)).toHaveLength(1);
  });

  it("expires a link at once, so the stand-in refuses to pay it", async () => {
    const link = await createPaymentLink(linkRequest());
    if (!link.ok) throw new Error(link.error);

    expect(await expirePaymentLink(link.preferenceId)).toBe(true);
    await expect(mercadoPago().standIn.pay(link.preferenceId, "approved")).rejects.toThrow("has expired");
    expect(await expirePaymentLink("202809963-no-such-preference")).toBe(true);
    mercadoPago().standIn.failNext(2);
    expect(await expirePaymentLink(link.preferenceId)).toBe(false);
  });

  it("writes expiry dates with Argentina's offset", () => {
    expect(isoWithOffset(new Date("2026-03-01T15:04:05.678Z"))).toBe("2026-03-01T12:04:05.678-03:00");
  });

  it("tells a payment Mercado Pago does not know from one it cannot reach", async () => {
    expect(await fetchPayment("123")).toEqual({ ok: false, reason: "not_found" });
    mercadoPago().standIn.failNext(2);
    expect(await fetchPayment("123")).toEqual({ ok: false, reason: "unavailable" });
  });

  it("refunds once per idempotency key", async () => {
    const request = linkRequest();
    const link = await createPaymentLink(request);
    if (!link.ok) throw new Error(link.error);
    const paid = await mercadoPago().standIn.pay(link.preferenceId, "approved", { notify: false });

    const first = await refundPayment(String(paid.id), `refund-${request.paymentId}`);
    expect(first).toEqual({ ok: true, refundId: expect.any(String) });
    expect(await refundPayment(String(paid.id), `refund-${request.paymentId}`)).toEqual(first);
    // Another key for a payment already refunded: Mercado Pago refuses it, and that counts as done.
    expect(await refundPayment(String(paid.id), "another-key")).toEqual({ ok: true, refundId: null });
    const after = mercadoPago().standIn.payments().find((p) => p.id === paid.id);
    expect(after?.status).toBe("refunded");
    expect(after?.refunds).toHaveLength(1);
  });
});

describe("isAuthenticWebhook", () => {
  const requestId = "req-1";
  const signed = (dataId: string, ts: number, secret = DEMO_MERCADOPAGO_WEBHOOK_SECRET) =>
    signWebhook({ dataId, requestId, ts, secret });
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it("accepts a fresh signature over data.id", () => {
    expect(isAuthenticWebhook({ xSignature: signed("42", nowSeconds()), xRequestId: requestId, dataId: "42" })).toBe(true);
  });

  it("refuses a missing, forged, mismatched or stale signature", () => {
    expect(isAuthenticWebhook({ xSignature: null, xRequestId: requestId, dataId: "42" })).toBe(false);
    expect(isAuthenticWebhook({ xSignature: signed("42", nowSeconds(), "wrong-secret"), xRequestId: requestId, dataId: "42" })).toBe(false);
    expect(isAuthenticWebhook({ xSignature: signed("42", nowSeconds()), xRequestId: requestId, dataId: "43" })).toBe(false);
    expect(isAuthenticWebhook({ xSignature: signed("42", nowSeconds() - 600), xRequestId: requestId, dataId: "42" })).toBe(false);
    expect(isAuthenticWebhook({ xSignature: "ts=abc,v1=zz", xRequestId: requestId, dataId: "42" })).toBe(false);
  });

  it("judges staleness by the app clock", () => {
    const ts = nowSeconds();
    setClockOffset(10 * 60 * 1000);
    expect(isAuthenticWebhook({ xSignature: signed("42", ts), xRequestId: requestId, dataId: "42" })).toBe(false);
  });
});
