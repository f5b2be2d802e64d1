"use server";

import { refresh } from "next/cache";
import { getLocale } from "next-intl/server";
import { addToCart, cartChangeState } from "@/lib/cart";
import { cartLineSchema, parseForm, type ActionState } from "@/lib/forms";
import { shopperForWrite } from "@/lib/shopper";

export async function addToCartAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const locale = await getLocale();
  const input = parseForm(cartLineSchema, formData, [], locale);
  if (!input.ok) {
    const quantityError = input.state.fieldErrors?.quantity?.[0] ?? input.state.fieldErrors?.variantId?.[0];
    return { ok: false, message: quantityError ?? input.state.message };
  }
  const result = await addToCart(await shopperForWrite(), input.data.variantId, input.data.quantity, locale);
  refresh();
  return cartChangeState(result);
}
