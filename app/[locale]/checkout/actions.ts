"use server";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import type { CheckoutState } from "@/components/checkout-form";
import { confirmOrder, contactSchema } from "@/lib/checkout";
import { parseForm } from "@/lib/forms";
import { currentShopper } from "@/lib/shopper";

const CONTACT_FIELDS = ["email", "fullName", "address", "city", "province", "postalCode", "phone", "taxId"];

/** "Confirm order": validates the contact details, confirms, and sends the shopper to Mercado Pago. */
export async function confirmOrderAction(_previous: CheckoutState, formData: FormData): Promise<CheckoutState> {
  const input = parseForm(contactSchema, formData, CONTACT_FIELDS);
  if (!input.ok) return input.state;
  const result = await confirmOrder(await currentShopper(), input.data);
  if (result.ok) redirect(result.initPoint);
  if (result.reason === "empty_cart") redirect("/cart");
  // The summary beside the form shows what is left of each short line.
  if (result.reason === "shortfall") refresh();
  return {
    ok: false,
    message: result.message,
    values: { ...input.data, taxId: input.data.taxId ?? "" },
    shortages: result.reason === "shortfall" ? result.shortages : undefined,
  };
}
