import type { PaymentNotice as Notice } from "@/lib/payments/return";
import { NoticeIcon, type NoticeTone } from "./notice-icon";

const NOTICES: Record<Notice, { tone: NoticeTone; text: string }> = {
  rejected: { tone: "error", text: "Mercado Pago rejected the payment and nothing was charged. Check your details and confirm again, or try another card." },
  unverified: { tone: "error", text: "We could not verify that payment with Mercado Pago, so nothing changed. If you were charged, contact us and we will sort it out." },
  expired: { tone: "warn", text: "Your payment link expired after one hour. Confirm your order again to get a new one." },
};

/** What came of the trip to Mercado Pago, at the top of the page the shopper lands on. */
export function PaymentNotice({ notice }: { notice: Notice | undefined }) {
  if (!notice) return null;
  const { tone, text } = NOTICES[notice];
  return (
    <p className={`notice notice--${tone} notice--with-icon`} role="status" data-testid="payment-notice">
      <NoticeIcon tone={tone} />
      <span>{text}</span>
    </p>
  );
}
