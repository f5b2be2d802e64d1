"use client";

import type { ActionState } from "@/lib/forms";
import { ActionForm, fieldErrorsOf, refillOf } from "./action-form";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Settles a refund outside Mercado Pago's refund API; the note says how, and it is never retried again. */
export function ResolveForm({ action, refundId }: { action: Action; refundId: string }) {
  return (
    <ActionForm action={action} submitLabel="Mark resolved by hand" pendingLabel="Saving…" tone="danger">
      {(state) => {
        const error = fieldErrorsOf(state).note?.[0];
        return (
          <>
            <input type="hidden" name="refundId" value={refundId} />
            <div className="field">
              <label htmlFor="note">How was it settled?</label>
              <p id="note-hint" className="field-hint">Required. For example: “Refunded from the Mercado Pago dashboard, operation 123”.</p>
              <textarea
                id="note" name="note" rows={3} required maxLength={1000} defaultValue={refillOf(state, "note")}
                aria-invalid={error ? true : undefined} aria-describedby={error ? "note-hint note-error" : "note-hint"}
              />
              {error ? <p id="note-error" className="field-error">{error}</p> : null}
            </div>
          </>
        );
      }}
    </ActionForm>
  );
}
