import { z } from "zod";

/** What every form action returns for `useActionState`; inputs come back to refill the form. */
export type FailedState = {
  ok: false;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};
export type ActionState = { ok: true; message: string } | FailedState | null;

/** Parses FormData with a zod schema into a value or the state that explains what is wrong. */
export function parseForm<T extends z.ZodType>(
  schema: T,
  formData: FormData,
  keep: string[] = [],
): { ok: true; data: z.infer<T> } | { ok: false; state: FailedState } {
  const raw = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const values = Object.fromEntries(keep.map((key) => [key, typeof raw[key] === "string" ? raw[key] : ""]));
  return {
    ok: false,
    state: {
      ok: false,
      message: "Please check the highlighted fields.",
      fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>,
      values,
    },
  };
}

export const variantIdField = z.coerce.number({ error: "Choose a size and colour" }).int().positive("Choose a size and colour");
export const quantityField = z.coerce
  .number({ error: "Quantity must be a whole number from 1 to 99" })
  .int("Quantity must be a whole number from 1 to 99")
  .min(1, "Quantity must be a whole number from 1 to 99")
  .max(99, "Quantity must be a whole number from 1 to 99");
export const cartLineSchema = z.object({ variantId: variantIdField, quantity: quantityField });

/** PostgreSQL's integer range: a larger id names nothing, so pages answer 404. */
export const MAX_DATABASE_ID = 2_147_483_647;
/** A database id from a URL segment or a form: digits only, within PostgreSQL's integer range. */
export const databaseIdField = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, "Not an id")
  .transform(Number)
  .refine((id) => id <= MAX_DATABASE_ID, "Not an id");
