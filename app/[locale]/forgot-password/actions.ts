"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { forgotPasswordSchema, requestPasswordReset } from "@/lib/account-recovery";
import { clientAddress } from "@/lib/client-address";
import { parseForm, type ActionState } from "@/lib/forms";

export async function forgotPasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const locale = await getLocale();
  const input = parseForm(forgotPasswordSchema, formData, ["email"], locale);
  if (!input.ok) return input.state;
  const answer = await requestPasswordReset(input.data.email, clientAddress(await headers()), locale);
  return answer.ok ? answer : { ok: false, message: answer.message, values: { email: input.data.email } };
}
