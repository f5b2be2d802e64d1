"use client";

import type { ActionState } from "@/lib/forms";
import { TextField } from "../text-field";
import { ActionForm } from "./action-form";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  productId: number;
  colors: string[];
};

/** Uploads one or more photos for one colour of a product, or for all of them. */
export function PhotoUploadForm({ action, productId, colors }: Props) {
  return (
    <ActionForm action={action} submitLabel="Upload photos" pendingLabel="Uploading…">
      {(state) => {
        const errors = (name: string) => (state?.ok === false ? state.fieldErrors?.[name] : undefined);
        const shown = state?.ok === false ? (state.values ?? {}) : {};
        const photoErrors = errors("photos");
        const colorError = errors("color")?.[0];
        return (
          <>
            <input type="hidden" name="productId" value={productId} />
            <div className="field">
              <label htmlFor="photo-color">Colour</label>
              {/* React applies a select's default only when it mounts: a new key keeps the refilled colour through the form's reset. */}
              <select key={shown.color ?? ""} id="photo-color" name="color" defaultValue={shown.color ?? ""} aria-invalid={colorError ? true : undefined} aria-describedby={colorError ? "photo-color-error" : undefined}>
                <option value="">Every colour</option>
                {colors.map((color) => <option key={color} value={color}>{color}</option>)}
              </select>
              {colorError ? <p id="photo-color-error" className="field-error">{colorError}</p> : null}
            </div>
            <div className="field">
              <label htmlFor="photos">Photos</label>
              <p id="photos-hint" className="field-hint">JPEG, PNG or WebP, at most 5 MB each, up to 5 at a time.</p>
              <input
                id="photos" name="photos" type="file" multiple accept="image/jpeg,image/png,image/webp"
                aria-invalid={photoErrors ? true : undefined} aria-describedby={photoErrors ? "photos-hint photos-error" : "photos-hint"}
              />
              {photoErrors ? (
                <ul id="photos-error" className="field-error">
                  {photoErrors.map((message) => <li key={message}>{message}</li>)}
                </ul>
              ) : null}
            </div>
            <TextField name="alt" label="Description for screen readers (optional)" maxLength={200} hint="Left blank: the product's name and colour." defaultValue={shown.alt} errors={errors("alt")} />
          </>
        );
      }}
    </ActionForm>
  );
}
