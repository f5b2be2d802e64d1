"use client";

import { PRICE_FORMAT_HINT } from "@/lib/admin/price";
import type { ActionState } from "@/lib/forms";
import { TextField } from "../text-field";
import { ActionForm } from "./action-form";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** The saved fields as text (a new product: none). */
  values?: Record<string, string>;
  categories: string[];
  productId?: number;
  submitLabel: string;
};

/** A product's name, slug, description, category, price and whether the shop sells it. */
export function ProductForm({ action, values = { isActive: "on" }, categories, productId, submitLabel }: Props) {
  return (
    <ActionForm action={action} submitLabel={submitLabel} pendingLabel="Saving…">
      {(state) => {
        const shown = state?.ok === false && state.values ? state.values : values;
        const errors = (name: string) => (state?.ok === false ? state.fieldErrors?.[name] : undefined);
        return (
          <>
            {productId ? <input type="hidden" name="productId" value={productId} /> : null}
            <TextField name="name" label="Name" maxLength={120} defaultValue={shown.name} errors={errors("name")} />
            <TextField
              name="slug" label="Slug" maxLength={80} defaultValue={shown.slug} errors={errors("slug")} autoCapitalize="none" spellCheck={false}
              hint="The product's web address: lowercase letters, digits and hyphens, like linen-shirt."
            />
            <TextArea name="description" label="Description" defaultValue={shown.description} errors={errors("description")} />
            <TextField
              name="category" label="Category" maxLength={60} list="category-options" defaultValue={shown.category} errors={errors("category")}
              hint="Pick one in use or type a new one."
            />
            <datalist id="category-options">
              {categories.map((category) => <option key={category} value={category} />)}
            </datalist>
            <TextField name="price" label="Price (ARS)" inputMode="decimal" defaultValue={shown.price} errors={errors("price")} hint={PRICE_FORMAT_HINT} />
            <Checkbox name="isActive" label="Sold in the shop" defaultChecked={shown.isActive === "on"} hint="Untick to hide it from the shop and from new carts." />
          </>
        );
      }}
    </ActionForm>
  );
}

function TextArea({ name, label, defaultValue, errors }: { name: string; label: string; defaultValue?: string; errors?: string[] }) {
  const error = errors?.[0];
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <textarea id={name} name={name} rows={4} maxLength={2000} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} />
      {error ? <p id={`${name}-error`} className="field-error">{error}</p> : null}
    </div>
  );
}

/** A labelled checkbox with a hint, for the admin forms. */
export function Checkbox({ name, label, hint, defaultChecked }: { name: string; label: string; hint: string; defaultChecked: boolean }) {
  return (
    <div className="field admin-check">
      <input type="checkbox" id={name} name={name} defaultChecked={defaultChecked} aria-describedby={`${name}-hint`} />
      <label htmlFor={name}>{label}</label>
      <p id={`${name}-hint`} className="muted">{hint}</p>
    </div>
  );
}
