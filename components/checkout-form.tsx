"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { Link } from "@/i18n/navigation";
import type { Shortage } from "@/lib/checkout";
import type { FailedState } from "@/lib/forms";
import { DeliveryFields } from "./delivery-fields";
import { NoticeIcon } from "./notice-icon";
import { SubmitButton } from "./submit-button";
import { TextField } from "./text-field";

export type CheckoutState = (FailedState & { shortages?: Shortage[] }) | null;

type Props = {
  action: (state: CheckoutState, formData: FormData) => Promise<CheckoutState>;
  defaults: { email: string; fullName: string };
};

/** Contact and delivery details, then "Confirm order", which leads to Mercado Pago. */
export function CheckoutForm({ action, defaults }: Props) {
  const t = useTranslations("checkout");
  const [state, formAction] = useActionState(action, null);
  const error = useRef<HTMLDivElement>(null);
  // On a phone the message sits a screen above "Confirm order": take the shopper (and a screen reader's focus) to it.
  useEffect(() => {
    const target = error.current;
    if (!state || !target) return;
    target.focus({ preventScroll: true });
    const isReduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "start", behavior: isReduced ? "auto" : "smooth" });
  }, [state]);
  const field = (name: string) => ({ name, required: true, errors: state?.fieldErrors?.[name] });
  const value = (name: string, fallback = "") => state?.values?.[name] ?? fallback;
  return (
    <form action={formAction} className="checkout-panel checkout-form" noValidate>
      {/* Rendered by the server too: without JavaScript the refused form comes back with it on top. */}
      <div role="alert" aria-live="assertive">
        {state ? (
          <div ref={error} className="notice notice--error notice--with-icon checkout-form__error" tabIndex={-1} data-testid="checkout-error">
            <NoticeIcon tone="error" />
            <div><RefusalText state={state} /></div>
          </div>
        ) : null}
      </div>
      <fieldset>
        <legend>{t("contact")}</legend>
        <TextField {...field("email")} label={t("email")} type="email" inputMode="email" autoComplete="email" hint={t("emailHint")} defaultValue={value("email", defaults.email)} />
      </fieldset>
      <fieldset>
        <legend>{t("delivery")}</legend>
        <TextField {...field("fullName")} label={t("fullName")} autoComplete="name" maxLength={120} defaultValue={value("fullName", defaults.fullName)} />
        <TextField {...field("address")} label={t("address")} autoComplete="street-address" maxLength={200} defaultValue={value("address")} />
        <DeliveryFields errors={state?.fieldErrors} values={state?.values} />
      </fieldset>
      <SubmitButton pendingLabel={t("confirming")} className="button button--block checkout-form__submit">{t("confirm")}</SubmitButton>
      <p className="secure-note">
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2"><rect x="4" y="11" width="16" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" /></svg>
        {t("secureNote")}
      </p>
    </form>
  );
}

/** Why "Confirm order" was refused: each short item by name, or the one reason. */
function RefusalText({ state }: { state: NonNullable<CheckoutState> }) {
  const t = useTranslations("checkout");
  if (!state.shortages?.length) return <p>{state.message}</p>;
  return (
    <>
      <p>{t("shortHeading")}</p>
      <ul>
        {state.shortages.map((s) => (
          <li key={`${s.productName}-${s.size}-${s.color}`}>
            {t("shortLine", { item: s.productName, size: s.size, color: s.color, available: s.available, requested: s.requested })}
          </li>
        ))}
      </ul>
      <p>{t.rich("shortUpdate", { link: (text) => <Link href="/cart">{text}</Link> })}</p>
    </>
  );
}
