/**
 * The messages of the delivery fields: keys of the `delivery` messages
 * (messages/<locale>/delivery.json), which the checkout form translates.
 * Apart from the zod schemas, so the form does not ship zod to the browser.
 */
export const DELIVERY_ERRORS = [
  "errors.province",
  "errors.postalCode",
  "errors.postalCodeProvince",
  "errors.phone",
  "errors.taxId",
  "errors.cuit",
] as const;
export type DeliveryError = (typeof DELIVERY_ERRORS)[number];

export const isDeliveryError = (message: string): message is DeliveryError => (DELIVERY_ERRORS as readonly string[]).includes(message);
