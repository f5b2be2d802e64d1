"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { cartChangeState, removeFromCart, updateLineQuantity } from "@/lib/cart";
import { clearMergeNotices } from "@/lib/cart-merge-notices";
import { cartLineSchema, parseForm, variantIdField, type ActionState } from "@/lib/forms";
import { currentShopper } from "@/lib/shopper";

export async function updateQuantityAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = parseForm(cartLineSchema, formData);
  if (!input.ok) return { ok: false, message: input.state.fieldErrors?.quantity?.[0] ?? "That item is not in your cart." };
  const result = await updateLineQuantity(await currentShopper(), input.data.variantId, input.data.quantity);
  refresh();
  return cartChangeState(result);
}

export async function removeLineAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = parseForm(z.object({ variantId: variantIdField }), formData);
  if (!input.ok) return { ok: false, message: "That item is not in your cart." };
  const result = await removeFromCart(await currentShopper(), input.data.variantId);
  refresh();
  return cartChangeState(result);
}

/** The sign-in merge notices have been shown once; drop them. */
export async function dismissMergeNoticesAction(): Promise<void> {
  await clearMergeNotices();
}
