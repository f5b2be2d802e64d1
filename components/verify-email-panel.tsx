"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionState } from "@/lib/forms";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";

type Props = { email: string; resend: (state: ActionState, formData: FormData) => Promise<ActionState> };

/** Asks a signed-in shopper to confirm their email, with a way to get a new link. */
export function VerifyEmailPanel({ email, resend }: Props) {
  const t = useTranslations("account.verify");
  const [state, formAction] = useActionState(resend, null);
  return (
    <section className="order-panel order-panel--info verify-panel" aria-labelledby="verify-title">
      <h2 id="verify-title">{t("title")}</h2>
      <p>{t.rich("panelBody", { email, strong: (text) => <strong>{text}</strong> })}</p>
      <form action={formAction}>
        <FormMessage state={state} />
        {state?.ok ? null : <SubmitButton className="button button--ghost" pendingLabel={t("sending")}>{t("sendNew")}</SubmitButton>}
      </form>
    </section>
  );
}
