"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { resetPassword, resetPasswordSchema } from "@/lib/account-recovery";
import { parseForm, type ActionState } from "@/lib/forms";
import { localizedPath } from "@/lib/urls";

export async function resetPasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const locale = await getLocale();
  const input = parseForm(resetPasswordSchema, formData, [], locale);
  if (!input.ok) return input.state;
  const result = await resetPassword(input.data.token, input.data.newPassword, locale);
  if (result.ok) redirect(localizedPath("/sign-in?notice=password-changed", locale));
  if (result.reason === "weak") return { ok: false, message: result.message, fieldErrors: { newPassword: [result.message] } };
  return { ok: false, message: (await getTranslations("account.reset"))("spent") };
}
