import "server-only";
import { finalizePayment } from "./finalize";
import { isAuthenticWebhook } from "./mercadopago";

export type PaymentNotification = {
  /** `data.id` from the query string: the value Mercado Pago signs. */
  dataId: string | null;
  type: string | null;
  xSignature: string | null;
  xRequestId: string | null;
};

export type NotificationReply = { status: 200 | 401 | 500; message: string };

/**
 * Handles one Mercado Pago notification. Safe to receive any number of
 * times: finalization is idempotent. A 500 asks Mercado Pago to send it again.
 */
export async function receivePaymentNotification(notification: PaymentNotification): Promise<NotificationReply> {
  const { dataId, type, xSignature, xRequestId } = notification;
  if (!isAuthenticWebhook({ xSignature, xRequestId, dataId })) return { status: 401, message: "Invalid signature" };
  if (type !== "payment" || !dataId) return { status: 200, message: "Ignored" };
  try {
    const result = await finalizePayment(dataId);
    if (result.outcome === "unavailable") return { status: 500, message: "Mercado Pago is unreachable; try again later" };
    return { status: 200, message: result.outcome };
  } catch (error) {
    // Nothing may be acknowledged that is not recorded (a refund owed, above
    // all): a 5xx makes Mercado Pago send this notification again.
    console.error(`Payment notification ${dataId} could not be recorded:`, error);
    return { status: 500, message: "Could not record the payment; try again later" };
  }
}
