"use server";

import { refresh } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { cartChangeState, removeFromCart, updateLineQuantity } from "@/lib/cart";
import { clearMergeNotices } from "@/lib/cart-merge-notices";
import { cartLineSchema, parseForm, variantIdField, type ActionState } from "@/lib/forms";
import { currentShopper } from "@/lib/shopper";

export async function updateQuantityAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const locale = await getLocale();
  const input = parseForm(cartLineSchema, formData, [], locale);
  if (!input.ok) return { ok: false, message: input.state.fieldErrors?.quantity?.[0] ?? (await notInCart()) };
  const result = await updateLineQuantity(await currentShopper(), input.data.variantId, input.data.quantity, locale);
  refresh();
  return cartChangeState(result);
}

export async function removeLineAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = parseForm(z.object({ variantId: variantIdField }), formData);
  if (!input.ok) return { ok: false, message: await notInCart() };
  const result = await removeFromCart(await currentShopper(), input.data.variantId, await getLocale());
  refresh();
  return cartChangeState(result);
}

async function notInCart(): Promise<string> {
  return (await getTranslations("cart.change"))("notInCart");
}

/** The sign-in merge notices have been shown once; drop them. */
export async function dismissMergeNoticesAction(): Promise<void> {
  await clearMergeNotices();
}
