"use server";

import { redirect } from "next/navigation";
import { createProduct, PRODUCT_FORM_FIELDS, productFields, productFormValues, productSchema } from "@/lib/admin/products";
import { actorOf, staffAction } from "@/lib/staff";

export const createProductAction = staffAction(productSchema, async (input, staff) => {
  const result = await createProduct(actorOf(staff), input);
  if (result.ok) redirect(`/admin/products/${result.id}`);
  return { ...result, values: productFormValues(productFields(input)) };
}, PRODUCT_FORM_FIELDS);
