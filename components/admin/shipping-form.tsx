"use client";

import { pesosText } from "@/lib/admin/price";
import { SHIPPING_ZONES, ZONE_LABELS } from "@/lib/delivery/provinces";
import type { ShippingRates } from "@/lib/delivery/shipping";
import type { ActionState } from "@/lib/forms";
import { TextField } from "../text-field";
import { ActionForm, fieldErrorsOf, refillOf } from "./action-form";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState>; rates: ShippingRates };

const money = { inputMode: "decimal", autoComplete: "off", maxLength: 16 } as const;

/** Every zone's flat rate and the free-shipping threshold, in pesos as staff type prices. */
export function ShippingRatesForm({ action, rates }: Props) {
  return (
    <ActionForm action={action} submitLabel="Save shipping rates" pendingLabel="Saving…">
      {(state) => {
        const field = (name: string, current: string) => ({
          name,
          errors: fieldErrorsOf(state)[name],
          defaultValue: refillOf(state, name) ?? current,
        });
        return (
          <>
            <fieldset className="shipping-rates">
              <legend>Flat rate per zone, in pesos (0 ships free)</legend>
              {SHIPPING_ZONES.map((zone) => (
                <TextField
                  key={zone}
                  {...field(`rate_${zone}`, pesosText(rates.rates[zone]))}
                  {...money}
                  label={ZONE_LABELS[zone].name}
                  hint={ZONE_LABELS[zone].provinces}
                />
              ))}
            </fieldset>
            <TextField
              {...field("freeOver", rates.freeOverMinor === null ? "" : pesosText(rates.freeOverMinor))}
              {...money}
              label="Free shipping from, in pesos"
              hint="Orders whose items add up to this amount or more ship free anywhere. Leave empty for no free shipping."
            />
          </>
        );
      }}
    </ActionForm>
  );
}
