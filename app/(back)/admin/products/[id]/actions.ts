"use server";

import { refresh } from "next/cache";
import { addProductImages, moveProductImage, moveSchema, removeProductImage, removeSchema, uploadSchema } from "@/lib/admin/product-images";
import { PRODUCT_FORM_FIELDS, productFields, productFormValues, productSchema, updateProduct } from "@/lib/admin/products";
import { addVariant, newVariantSchema, updateVariant, variantSchema } from "@/lib/admin/variants";
import { databaseIdField, type ActionState } from "@/lib/forms";
import { actorOf, staffAction } from "@/lib/staff";

/** The result for the form: on success the page shows the saved state; on refusal the form keeps what was typed. */
function answer(result: ActionState, values?: Record<string, string>): ActionState {
  if (result?.ok) refresh();
  return result?.ok === false && values ? { ...result, values } : result;
}

export const updateProductAction = staffAction(productSchema.extend({ productId: databaseIdField }), async ({ productId, ...input }, staff) =>
  answer(await updateProduct(actorOf(staff), productId, input), productFormValues(productFields(input))), PRODUCT_FORM_FIELDS);

export const addVariantAction = staffAction(newVariantSchema, async (input, staff) =>
  answer(await addVariant(actorOf(staff), input), { size: input.size, color: input.color, sku: input.sku ?? "", quantity: String(input.quantity) }),
["size", "color", "sku", "quantity"]);

export const updateVariantAction = staffAction(variantSchema, async (input, staff) =>
  answer(await updateVariant(actorOf(staff), input), { size: input.size, color: input.color, sku: input.sku ?? "", isActive: input.isActive ? "on" : "" }),
["size", "color", "sku", "isActive"]);

/** Several files share the name "photos", which a parsed form would fold into one: they are read from the form itself. */
export async function uploadPhotosAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const upload = staffAction(uploadSchema, async (input, staff) =>
    answer(await addProductImages(actorOf(staff), { ...input, files: formData.getAll("photos") }), { color: input.color ?? "", alt: input.alt }),
  ["color", "alt"]);
  return upload(previous, formData);
}

export const movePhotoAction = staffAction(moveSchema, async (input, staff) => answer(await moveProductImage(actorOf(staff), input)));

export const removePhotoAction = staffAction(removeSchema, async (input, staff) => answer(await removeProductImage(actorOf(staff), input)));
