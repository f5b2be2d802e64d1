import { useTranslations } from "next-intl";
import type { PaymentNotice as Notice } from "@/lib/payments/return";
import { NoticeIcon, type NoticeTone } from "./notice-icon";

const TONES: Record<Notice, NoticeTone> = { rejected: "error", unverified: "error", expired: "warn" };

/** What came of the trip to Mercado Pago, at the top of the page the shopper lands on. */
export function PaymentNotice({ notice }: { notice: Notice | undefined }) {
  const t = useTranslations("orders.paymentNotice");
  if (!notice) return null;
  const tone = TONES[notice];
  return (
    <p className={`notice notice--${tone} notice--with-icon`} role="status" data-testid="payment-notice">
      <NoticeIcon tone={tone} />
      <span>{t(notice)}</span>
    </p>
  );
}
