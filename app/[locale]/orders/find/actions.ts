"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { findOrderSchema, requestOrderLink } from "@/lib/account-recovery";
import { clientAddress } from "@/lib/client-address";
import { parseForm, type ActionState } from "@/lib/forms";

export async function findOrderAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const locale = await getLocale();
  const input = parseForm(findOrderSchema, formData, ["email", "orderNumber"], locale);
  if (!input.ok) return input.state;
  const answer = await requestOrderLink(input.data.email, input.data.orderNumber, clientAddress(await headers()), locale);
  return answer.ok ? answer : { ok: false, message: answer.message, values: { email: input.data.email, orderNumber: String(input.data.orderNumber) } };
}
