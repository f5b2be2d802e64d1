"use server";

import { headers } from "next/headers";
import { forgotPasswordSchema, requestPasswordReset } from "@/lib/account-recovery";
import { clientAddress } from "@/lib/client-address";
import { parseForm, type ActionState } from "@/lib/forms";

export async function forgotPasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = parseForm(forgotPasswordSchema, formData, ["email"]);
  if (!input.ok) return input.state;
  const answer = await requestPasswordReset(input.data.email, clientAddress(await headers()));
  return answer.ok ? answer : { ok: false, message: answer.message, values: { email: input.data.email } };
}
