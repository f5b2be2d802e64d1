"use server";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { CheckoutState } from "@/components/checkout-form";
import { confirmOrder, contactSchema } from "@/lib/checkout";
import { parseForm } from "@/lib/forms";
import { currentShopper } from "@/lib/shopper";
import { localizedPath } from "@/lib/urls";

const CONTACT_FIELDS = ["email", "fullName", "address", "city", "province", "postalCode", "phone", "taxId"];

/** "Confirm order": validates the contact details, confirms, and sends the shopper to Mercado Pago. */
export async function confirmOrderAction(_previous: CheckoutState, formData: FormData): Promise<CheckoutState> {
  const locale = await getLocale();
  const input = parseForm(contactSchema, formData, CONTACT_FIELDS, locale);
  if (!input.ok) return input.state;
  const result = await confirmOrder(await currentShopper(), { ...input.data, locale });
  if (result.ok) redirect(result.initPoint);
  if (result.reason === "empty_cart") redirect(localizedPath("/cart", locale));
  // The summary beside the form shows what is left of each short line.
  if (result.reason === "shortfall") refresh();
  return {
    ok: false,
    message: (await getTranslations("checkout.refused"))(result.reason),
    values: { ...input.data, taxId: input.data.taxId ?? "" },
    shortages: result.reason === "shortfall" ? result.shortages : undefined,
  };
}
