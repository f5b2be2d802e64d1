"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { signUp, signUpFormSchema } from "@/lib/accounts";
import { signInWithPassword } from "@/lib/auth";
import { adoptGuestCart } from "@/lib/cart-merge-notices";
import { parseForm, type ActionState } from "@/lib/forms";
import { inLocale } from "@/lib/urls";

export async function signUpAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const locale = await getLocale();
  const input = parseForm(signUpFormSchema, formData, ["name", "email"], locale);
  if (!input.ok) return input.state;
  const { next, ...account } = input.data;
  const values = { name: account.name, email: account.email };
  const created = await signUp(account, locale);
  if (!created.ok) return { ok: false, message: created.message, fieldErrors: { [created.field]: [created.message] }, values };
  const signedIn = await signInWithPassword(account.email, account.password, locale);
  if (!signedIn.ok) {
    return { ok: false, message: (await getTranslations("account.signUp"))("readyNotSignedIn", { reason: signedIn.message }), values };
  }
  await adoptGuestCart(signedIn.userId);
  redirect(inLocale(next, locale));
}
