import "server-only";
import {
  InvalidWebhookSignatureError, MercadoPagoConfig, MercadoPagoError, Payment, PaymentRefund, Preference,
  WebhookSignatureValidator,
} from "mercadopago";
import type { PreferenceRequest } from "mercadopago/dist/clients/preference/commonTypes";
import type { Options } from "mercadopago/dist/types";
// Plain Node ESM cannot import the directory, hence the explicit index.js.
import { AppConfig } from "mercadopago/dist/utils/config/index.js";
import { z } from "zod";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";

/** How long a Checkout Pro link stays payable, and how long its stock stays held. */
export const PAYMENT_LINK_TTL_MS = 60 * 60 * 1000;

export type RequestOptions = Pick<Options, "timeout" | "maxRetries" | "initialDelay" | "maxDelay">;

// The SDK defaults (60 s timeout, 3 retries backing off 1/2/4 s) would keep a
// shopper waiting over a minute; two 4 s attempts 1 s apart answer within ~9 s.
const DEFAULT_REQUEST_OPTIONS: RequestOptions = { timeout: 4000, maxRetries: 1, initialDelay: 1000, maxDelay: 1000 };
let requestOptions: RequestOptions = DEFAULT_REQUEST_OPTIONS;

/** Tests shorten timeouts and retries; `undefined` restores the defaults. */
export function setMercadoPagoRequestOptions(options: RequestOptions | undefined): void {
  requestOptions = options ? { ...DEFAULT_REQUEST_OPTIONS, ...options } : DEFAULT_REQUEST_OPTIONS;
}

let isBaseUrlSet = false;

/**
 * A config of its own for every call: the SDK writes request options such as
 * `idempotencyKey` back into the config it was given, so a shared one would
 * leak one call's key into the next.
 */
function sdkConfig(idempotencyKey?: string): MercadoPagoConfig {
  const { accessToken, apiUrl } = env().mercadoPago;
  if (!isBaseUrlSet) {
    // The SDK reads AppConfig.BASE_URL on every call; its type says readonly, the value is not.
    if (apiUrl) Object.assign(AppConfig, { BASE_URL: apiUrl.replace(/\/+$/, "") });
    isBaseUrlSet = true;
  }
  return new MercadoPagoConfig({ accessToken, options: { ...requestOptions, ...(idempotencyKey ? { idempotencyKey } : {}) } });
}

function describeError(error: unknown): string {
  if (error instanceof MercadoPagoError) return `${error.status} ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export type PaymentLinkRequest = {
  /** Our payment id: the `external_reference` and the idempotency key. */
  paymentId: string;
  payerEmail: string;
  payerName: string;
  currency: string;
  lines: Array<{ variantId: number; title: string; image: string; unitPriceMinor: number; quantity: number }>;
  /** The order's shipping line; null when it ships free. */
  shipping: { title: string; amountMinor: number } | null;
  createdAt: Date;
  expiresAt: Date;
  /** The order's language: Mercado Pago sends the shopper back to pages in it. */
  locale?: "es" | "en";
};

export type PaymentLink = { ok: true; preferenceId: string; initPoint: string } | { ok: false; error: string };

/** Argentina keeps UTC−3 all year; Mercado Pago documents expiry dates with an explicit offset. */
export function isoWithOffset(date: Date): string {
  return `${new Date(date.getTime() - 3 * 60 * 60 * 1000).toISOString().slice(0, 23)}-03:00`;
}

const createdPreference = z.object({ id: z.string().min(1), init_point: z.url() });

/** Creates the Checkout Pro preference whose link the shopper pays on. */
export async function createPaymentLink(request: PaymentLinkRequest): Promise<PaymentLink> {
  const { appUrl } = env();
  const returnUrl = `${appUrl}/api/mercadopago/return${request.locale === "en" ? "?lang=en" : ""}`;
  try {
    const created = await new Preference(sdkConfig(request.paymentId)).create({
      body: {
        items: [
          ...request.lines.map((line) => ({
            id: String(line.variantId),
            title: line.title,
            picture_url: new URL(line.image, appUrl).toString(),
            quantity: line.quantity,
            unit_price: line.unitPriceMinor / 100,
            currency_id: request.currency,
          })),
          // Shipping is an item of its own rather than `shipments.cost`: then the payment's
          // transaction_amount is the sum of the items, the amount finalize checks, with nothing
          // left to how Mercado Pago adds a shipping cost. A free shipping line is no item (prices must be > 0).
          ...(request.shipping
            ? [{ id: "shipping", title: request.shipping.title, quantity: 1, unit_price: request.shipping.amountMinor / 100, currency_id: request.currency }]
            : []),
        ],
        payer: { email: request.payerEmail, name: request.payerName },
        external_reference: request.paymentId,
        back_urls: { success: returnUrl, failure: returnUrl, pending: returnUrl },
        auto_return: "approved",
        notification_url: `${appUrl}/api/mercadopago/webhook`,
        expires: true,
        expiration_date_from: isoWithOffset(request.createdAt),
        expiration_date_to: isoWithOffset(request.expiresAt),
        // Cards settle approved or rejected at once instead of lingering "in process" past the hold.
        binary_mode: true,
        // Cash vouchers and ATM transfers can be paid days later, long after the hold is gone.
        payment_methods: { excluded_payment_types: [{ id: "ticket" }, { id: "atm" }] },
      },
    });
    const parsed = createdPreference.safeParse(created);
    if (!parsed.success) return { ok: false, error: "Mercado Pago answered without a preference id or link" };
    return { ok: true, preferenceId: parsed.data.id, initPoint: parsed.data.init_point };
  } catch (error) {
    console.warn(`Mercado Pago preference for payment ${request.paymentId} failed: ${describeError(error)}`);
    return { ok: false, error: describeError(error) };
  }
}

const remotePayment = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  status: z.string(),
  external_reference: z.string().nullish(),
  transaction_amount: z.number(),
  currency_id: z.string(),
});

export type RemotePayment = z.infer<typeof remotePayment>;

export type RemotePaymentLookup =
  | { ok: true; payment: RemotePayment }
  | { ok: false; reason: "not_found" | "unavailable" };

/** Reads a payment as Mercado Pago sees it: the only source of truth for its status. */
export async function fetchPayment(mercadoPagoPaymentId: string): Promise<RemotePaymentLookup> {
  try {
    const parsed = remotePayment.safeParse(await new Payment(sdkConfig()).get({ id: mercadoPagoPaymentId }));
    return parsed.success ? { ok: true, payment: parsed.data } : { ok: false, reason: "not_found" };
  } catch (error) {
    if (error instanceof MercadoPagoError && (error.status === 404 || error.status === 400)) {
      return { ok: false, reason: "not_found" };
    }
    console.warn(`Mercado Pago payment ${mercadoPagoPaymentId} could not be read: ${describeError(error)}`);
    return { ok: false, reason: "unavailable" };
  }
}

/**
 * Ends a preference's link now (`expiration_date_to` moved to this moment),
 * so nobody pays an order we no longer hold stock for. True once Mercado
 * Pago took it, or when the preference is already gone.
 */
export async function expirePaymentLink(preferenceId: string, at: Date = now()): Promise<boolean> {
  try {
    // Mercado Pago changes only the fields sent; the SDK's type asks for a whole preference.
    const expiry: Partial<PreferenceRequest> = { expires: true, expiration_date_to: isoWithOffset(at) };
    await new Preference(sdkConfig()).update({ id: preferenceId, updatePreferenceRequest: expiry as PreferenceRequest });
    return true;
  } catch (error) {
    if (error instanceof MercadoPagoError && error.status === 404) return true;
    console.warn(`Mercado Pago could not expire preference ${preferenceId}: ${describeError(error)}`);
    return false;
  }
}

export type RefundOutcome = { ok: true; refundId: string | null } | { ok: false; error: string };

const createdRefund = z.object({ id: z.union([z.number(), z.string()]).transform(String) });

/**
 * Refunds a payment in full; the key makes a retried refund happen once. A
 * payment Mercado Pago already shows as refunded counts as done.
 */
export async function refundPayment(mercadoPagoPaymentId: string, idempotencyKey: string): Promise<RefundOutcome> {
  try {
    const created = createdRefund.safeParse(await new PaymentRefund(sdkConfig(idempotencyKey)).total({ payment_id: mercadoPagoPaymentId }));
    return { ok: true, refundId: created.success ? created.data.id : null };
  } catch (error) {
    const lookup = error instanceof MercadoPagoError && error.status === 400 ? await fetchPayment(mercadoPagoPaymentId) : null;
    if (lookup?.ok && lookup.payment.status === "refunded") return { ok: true, refundId: null };
    console.warn(`Mercado Pago refund of payment ${mercadoPagoPaymentId} failed: ${describeError(error)}`);
    return { ok: false, error: describeError(error) };
  }
}

export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type WebhookHeaders = { xSignature: string | null; xRequestId: string | null; dataId: string | null };

/** Whether a notification was signed by Mercado Pago recently (a replayed old one is refused). */
export function isAuthenticWebhook(headers: WebhookHeaders): boolean {
  try {
    WebhookSignatureValidator.validate({
      ...headers,
      secret: env().mercadoPago.webhookSecret,
      toleranceSeconds: WEBHOOK_TOLERANCE_SECONDS,
      now: () => now().getTime(),
    });
    return true;
  } catch (error) {
    if (error instanceof InvalidWebhookSignatureError) return false;
    throw error;
  }
}
