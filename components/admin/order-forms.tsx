"use client";

import type { ActionState } from "@/lib/forms";
import { TextField } from "../text-field";
import { ActionForm, fieldErrorsOf, refillOf } from "./action-form";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

const CARRIERS = ["Correo Argentino", "Andreani", "OCA", "Mercado Envíos", "DHL"];


/** Carrier and tracking number of a packed order; the buyer is emailed both. */
export function ShipForm({ action, orderId }: { action: Action; orderId: number }) {
  return (
    <ActionForm action={action} submitLabel="Mark shipped" pendingLabel="Shipping…">
      {(state) => (
        <>
          <input type="hidden" name="orderId" value={orderId} />
          <TextField
            name="carrier" label="Carrier" list="carriers" autoComplete="off" required maxLength={60}
            defaultValue={refillOf(state, "carrier")} errors={fieldErrorsOf(state).carrier}
          />
          <datalist id="carriers">{CARRIERS.map((carrier) => <option key={carrier} value={carrier} />)}</datalist>
          <TextField
            name="trackingNumber" label="Tracking number" autoComplete="off" required maxLength={60}
            hint="Letters, digits and hyphens, as the carrier printed it." defaultValue={refillOf(state, "trackingNumber")}
            errors={fieldErrorsOf(state).trackingNumber}
          />
        </>
      )}
    </ActionForm>
  );
}

/** Cancelling refunds the buyer and returns the units: it asks for a tick first, which works without JavaScript. */
export function CancelForm({ action, orderId, amount }: { action: Action; orderId: number; amount: string }) {
  return (
    <ActionForm action={action} submitLabel="Cancel order and refund" pendingLabel="Cancelling…" tone="danger">
      {(state) => {
        const error = fieldErrorsOf(state).confirm?.[0];
        return (
          <>
            <input type="hidden" name="orderId" value={orderId} />
            <div className="field">
              <label htmlFor="note">Reason (optional, kept on the timeline)</label>
              <textarea id="note" name="note" rows={2} maxLength={500} defaultValue={refillOf(state, "note")} />
            </div>
            <div className="field field--check">
              <input
                type="checkbox" id="confirm" name="confirm" value="yes" required
                aria-invalid={error ? true : undefined} aria-describedby={error ? "confirm-error" : undefined}
              />
              <label htmlFor="confirm">Cancel order #{orderId}, refund {amount} to the buyer and put its units back in stock</label>
              {error ? <p id="confirm-error" className="field-error">{error}</p> : null}
            </div>
          </>
        );
      }}
    </ActionForm>
  );
}
