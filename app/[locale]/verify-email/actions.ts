"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentUser } from "@/lib/auth";
import { confirmEmail, resendVerification } from "@/lib/email-verification";
import { parseForm, type ActionState } from "@/lib/forms";
import { localizedPath } from "@/lib/urls";

export async function confirmEmailAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = parseForm(z.object({ token: z.string().max(200) }), formData);
  if (!input.ok) return input.state;
  const result = await confirmEmail(input.data.token);
  const locale = await getLocale();
  if (!result.ok) return { ok: false, message: (await getTranslations("account.verify"))("spent") };
  const user = await currentUser();
  // The account's own browser goes straight to its orders; anyone else signs in first.
  redirect(localizedPath(user?.id === result.userId ? "/orders?notice=email-confirmed" : "/sign-in?notice=email-confirmed&next=/orders", locale));
}

export async function resendVerificationAction(): Promise<ActionState> {
  const user = await currentUser();
  const locale = await getLocale();
  if (!user) return { ok: false, message: (await getTranslations("account.verify"))("signInForNew") };
  return resendVerification(user.id, locale);
}
