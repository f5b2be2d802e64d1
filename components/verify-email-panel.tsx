"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/forms";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";

type Props = { email: string; resend: (state: ActionState, formData: FormData) => Promise<ActionState> };

/** Asks a signed-in shopper to confirm their email, with a way to get a new link. */
export function VerifyEmailPanel({ email, resend }: Props) {
  const [state, formAction] = useActionState(resend, null);
  return (
    <section className="order-panel order-panel--info verify-panel" aria-labelledby="verify-title">
      <h2 id="verify-title">Confirm your email</h2>
      <p>
        We sent a link to <strong>{email}</strong>. Once you confirm it, orders you placed with this email as a guest
        appear here too.
      </p>
      <form action={formAction}>
        <FormMessage state={state} />
        {state?.ok ? null : <SubmitButton className="button button--ghost" pendingLabel="Sending…">Send a new link</SubmitButton>}
      </form>
    </section>
  );
}
