"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionState } from "@/lib/forms";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  variantId: number | null;
  available: number;
};

export function AddToCartForm({ action, variantId, available }: Props) {
  const t = useTranslations("catalog");
  const [state, formAction] = useActionState(action, null);
  const canBuy = variantId !== null && available > 0;
  return (
    <form action={formAction}>
      {variantId !== null ? <input type="hidden" name="variantId" value={variantId} /> : null}
      <div className="buy-row">
        <div className="field">
          <label htmlFor="quantity">{t("quantity")}</label>
          <input id="quantity" name="quantity" type="number" inputMode="numeric" min={1} max={Math.max(1, Math.min(available, 99))} defaultValue={1} disabled={!canBuy} required />
        </div>
        <SubmitButton pendingLabel={t("adding")} disabled={!canBuy}>{t("addToCart")}</SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
