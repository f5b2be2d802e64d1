"use client";

import type { ActionState } from "@/lib/forms";
import { TextField } from "../text-field";
import { ActionForm } from "./action-form";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

// Every field of a refused form shows its error and what was typed.
const field = (state: ActionState, name: string, fallback?: string) => ({
  name,
  errors: state?.ok === false ? state.fieldErrors?.[name] : undefined,
  defaultValue: (state?.ok === false ? state.values?.[name] : undefined) ?? fallback,
});
const whole = { inputMode: "numeric", autoComplete: "off", maxLength: 9 } as const;

export function RestockForm({ action, variantId }: { action: Action; variantId: number }) {
  return (
    <ActionForm action={action} submitLabel="Restock" pendingLabel="Restocking…">
      {(state) => (
        <>
          <input type="hidden" name="variantId" value={variantId} />
          <TextField {...field(state, "units")} {...whole} label="Units received" />
          <TextField {...field(state, "note")} label="Note (optional)" hint="Supplier, delivery note…" maxLength={500} />
        </>
      )}
    </ActionForm>
  );
}

export function CountForm({ action, variantId, held }: { action: Action; variantId: number; held: number }) {
  return (
    <ActionForm action={action} submitLabel="Record count" pendingLabel="Recording…">
      {(state) => (
        <>
          <input type="hidden" name="variantId" value={variantId} />
          <TextField
            {...field(state, "counted")}
            {...whole}
            label="Units counted on the shelf"
            hint={`On hand becomes this number.${held > 0 ? ` Open payment links hold ${held}: count them as still on the shelf.` : ""}`}
          />
          <TextField {...field(state, "countNote")} label="Note (optional)" maxLength={500} />
        </>
      )}
    </ActionForm>
  );
}

export function CorrectionForm({ action, variantId }: { action: Action; variantId: number }) {
  return (
    <ActionForm action={action} submitLabel="Correct stock" pendingLabel="Correcting…">
      {(state) => {
        const direction = field(state, "direction", "remove");
        return (
          <>
            <input type="hidden" name="variantId" value={variantId} />
            <div className="field">
              <label htmlFor="direction">Remove or add</label>
              <select id="direction" name="direction" defaultValue={direction.defaultValue} aria-invalid={direction.errors ? true : undefined}>
                <option value="remove">Remove units (damaged, lost)</option>
                <option value="add">Add units (found)</option>
              </select>
              {direction.errors ? <p className="field-error">{direction.errors[0]}</p> : null}
            </div>
            <TextField {...field(state, "correctionUnits")} {...whole} label="Units" />
            <TextField {...field(state, "correctionNote")} label="Why" hint="Required: it stays in the history." maxLength={500} />
          </>
        );
      }}
    </ActionForm>
  );
}

export function ThresholdForm({ action, variantId, threshold, shopDefault }: { action: Action; variantId: number; threshold: number | null; shopDefault: number }) {
  return (
    <ActionForm action={action} submitLabel="Save threshold" pendingLabel="Saving…">
      {(state) => (
        <>
          <input type="hidden" name="variantId" value={variantId} />
          <TextField
            {...field(state, "threshold", threshold === null ? "" : String(threshold))}
            {...whole}
            label="Low-stock threshold"
            hint={`Listed as low at or under this many available. Blank: the shop default (${shopDefault}).`}
          />
        </>
      )}
    </ActionForm>
  );
}

export function LowStockDefaultForm({ action, shopDefault }: { action: Action; shopDefault: number }) {
  return (
    <ActionForm action={action} submitLabel="Save default" pendingLabel="Saving…">
      {(state) => (
        <TextField
          {...field(state, "lowStockDefault", String(shopDefault))}
          {...whole}
          label="Shop default threshold"
          hint="For every variant without its own threshold."
        />
      )}
    </ActionForm>
  );
}
