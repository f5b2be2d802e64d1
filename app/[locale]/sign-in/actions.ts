"use server";

import { redirect } from "next/navigation";
import { signInFormSchema } from "@/lib/accounts";
import { signInWithPassword } from "@/lib/auth";
import { adoptGuestCart } from "@/lib/cart-merge-notices";
import { parseForm, type ActionState } from "@/lib/forms";

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = parseForm(signInFormSchema, formData, ["email"]);
  if (!input.ok) return input.state;
  const result = await signInWithPassword(input.data.email, input.data.password);
  if (!result.ok) return { ok: false, message: result.message, values: { email: input.data.email } };
  await adoptGuestCart(result.userId);
  // Outside any try/catch: redirect() works by throwing. A one-time password is replaced first.
  redirect(result.mustChangePassword ? `/account/password?next=${encodeURIComponent(input.data.next)}` : input.data.next);
}
