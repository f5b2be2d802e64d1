"use client";

import type { ActionState } from "@/lib/forms";
import { TextField } from "../text-field";
import { ActionForm } from "./action-form";
import { Checkbox } from "./product-form";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

type Props =
  | { mode: "add"; action: Action; productId: number }
  | { mode: "edit"; action: Action; variant: { id: number; size: string; color: string; sku: string | null; isActive: boolean } };

/**
 * Adds a size and colour with its units on hand, or edits one. Units change
 * later only on the stock screens, so editing has no quantity.
 */
export function VariantForm(props: Props) {
  const saved = props.mode === "edit"
    ? { size: props.variant.size, color: props.variant.color, sku: props.variant.sku ?? "", isActive: props.variant.isActive ? "on" : "" }
    : { size: "", color: "", sku: "", quantity: "0" };
  return (
    <ActionForm action={props.action} className="admin-form admin-form--inline" submitLabel={props.mode === "add" ? "Add variant" : "Save variant"} pendingLabel="Saving…">
      {(state) => {
        const shown: Record<string, string | undefined> = state?.ok === false && state.values ? state.values : saved;
        const errors = (name: string) => (state?.ok === false ? state.fieldErrors?.[name] : undefined);
        return (
          <>
            {props.mode === "add"
              ? <input type="hidden" name="productId" value={props.productId} />
              : <input type="hidden" name="variantId" value={props.variant.id} />}
            <TextField name="size" label="Size" maxLength={20} defaultValue={shown.size} errors={errors("size")} />
            <TextField name="color" label="Colour" maxLength={40} defaultValue={shown.color} errors={errors("color")} />
            <TextField name="sku" label="SKU (optional)" maxLength={40} autoCapitalize="characters" defaultValue={shown.sku} errors={errors("sku")} />
            {props.mode === "add"
              ? <TextField name="quantity" label="Units on hand" inputMode="numeric" defaultValue={shown.quantity} errors={errors("quantity")} />
              : <Checkbox name="isActive" label="Sold in the shop" defaultChecked={shown.isActive === "on"} hint="Untick to hide this size and colour from the shop and from new carts." />}
          </>
        );
      }}
    </ActionForm>
  );
}
