"use server";

import { redirect } from "next/navigation";
import { resetPassword, resetPasswordSchema } from "@/lib/account-recovery";
import { parseForm, type ActionState } from "@/lib/forms";

export async function resetPasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = parseForm(resetPasswordSchema, formData);
  if (!input.ok) return input.state;
  const result = await resetPassword(input.data.token, input.data.newPassword);
  if (result.ok) redirect("/sign-in?notice=password-changed");
  if (result.reason === "weak") return { ok: false, message: result.message, fieldErrors: { newPassword: [result.message] } };
  return { ok: false, message: "This link has expired or was already used. Ask for a new one from the sign-in page." };
}
