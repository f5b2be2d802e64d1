"use server";

import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { signInFormSchema } from "@/lib/accounts";
import { signInWithPassword } from "@/lib/auth";
import { adoptGuestCart } from "@/lib/cart-merge-notices";
import { parseForm, type ActionState } from "@/lib/forms";
import { inLocale, localizedPath } from "@/lib/urls";

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const locale = await getLocale();
  const input = parseForm(signInFormSchema, formData, ["email"], locale);
  if (!input.ok) return input.state;
  const result = await signInWithPassword(input.data.email, input.data.password, locale);
  if (!result.ok) return { ok: false, message: result.message, values: { email: input.data.email } };
  await adoptGuestCart(result.userId);
  // Outside any try/catch: redirect() works by throwing. A one-time password is replaced first.
  redirect(result.mustChangePassword ? `${localizedPath("/account/password", locale)}?next=${encodeURIComponent(input.data.next)}` : inLocale(input.data.next, locale));
}
