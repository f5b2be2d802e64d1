"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { currentUser } from "@/lib/auth";
import { confirmEmail, resendVerification } from "@/lib/email-verification";
import { parseForm, type ActionState } from "@/lib/forms";

export async function confirmEmailAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = parseForm(z.object({ token: z.string().max(200) }), formData);
  if (!input.ok) return input.state;
  const result = await confirmEmail(input.data.token);
  if (!result.ok) return { ok: false, message: "This link has expired or was already used." };
  const user = await currentUser();
  // The account's own browser goes straight to its orders; anyone else signs in first.
  redirect(user?.id === result.userId ? "/orders?notice=email-confirmed" : "/sign-in?notice=email-confirmed&next=/orders");
}

export async function resendVerificationAction(): Promise<ActionState> {
  const user = await currentUser();
  if (!user) return { ok: false, message: "Sign in to get a new confirmation link." };
  return resendVerification(user.id);
}
