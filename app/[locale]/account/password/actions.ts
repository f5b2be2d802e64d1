"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { changePassword, changePasswordSchema } from "@/lib/accounts";
import { nextPathField } from "@/lib/next-path";
import { currentUser } from "@/lib/auth";
import { parseForm, type ActionState } from "@/lib/forms";
import { inLocale } from "@/lib/urls";

export async function changePasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const user = await currentUser();
  const locale = await getLocale();
  if (!user) return { ok: false, message: (await getTranslations("account.password"))("signInFirst") };
  const input = parseForm(changePasswordSchema.extend({ next: nextPathField }), formData, [], locale);
  if (!input.ok) return input.state;
  const result = await changePassword(user.id, input.data, locale);
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: { [result.field]: [result.message] } };
  redirect(inLocale(input.data.next, locale));
}
