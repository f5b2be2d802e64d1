import { z } from "zod";
import { translator, type Locale } from "./i18n";

/** What every form action returns for `useActionState`; inputs come back to refill the form. */
export type FailedState = {
  ok: false;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
  /** Not wrong, but less than asked ("only 2 available"): shown as a warning. */
  isWarning?: boolean;
};
export type ActionState = { ok: true; message: string; isWarning?: boolean } | FailedState | null;

// Characters nobody types: PostgreSQL refuses NUL in text outright, and the rest are junk or tricks.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Whether `text` is free of control characters (tabs and line breaks are fine). */
export const isPlainText = (text: string) => !CONTROL_CHARACTERS.test(text);

/**
 * A validation message in the form's language. Schemas name their messages
 * by key in the "forms" namespace ("forms.city", or "forms.maxCharacters:120"
 * for one with a number); any other text is shown as it is.
 */
export function formMessage(message: string, locale: Locale = "en"): string {
  const match = /^forms\.(\w+)(?::(\d+))?$/.exec(message);
  const t = translator(locale, "forms");
  const key = match?.[1] as Parameters<typeof t>[0] | undefined;
  if (!key || !t.has(key)) return message;
  return match?.[2] === undefined ? t(key) : t(key, { max: Number(match[2]) });
}

/**
 * Parses FormData with a zod schema into a value or the state that explains
 * what is wrong, in the form's language. Every text field of every form passes through here, so a
 * control character (a NUL would fail the query) is a field error here,
 * whatever the field's own schema says.
 */
export function parseForm<T extends z.ZodType>(
  schema: T,
  formData: FormData,
  keep: string[] = [],
  locale: Locale = "en",
): { ok: true; data: z.infer<T> } | { ok: false; state: FailedState } {
  const raw = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$")));
  const tainted = Object.keys(raw).filter((key) => typeof raw[key] === "string" && !isPlainText(raw[key]));
  const parsed = tainted.length === 0 ? schema.safeParse(raw) : null;
  if (parsed?.success) return { ok: true, data: parsed.data };
  const refill = (value: unknown) => (typeof value === "string" ? value.replace(new RegExp(CONTROL_CHARACTERS, "g"), "") : "");
  const values = Object.fromEntries(keep.map((key) => [key, refill(raw[key])]));
  const flat = parsed ? (z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>) : {};
  const fieldErrors = Object.fromEntries(Object.entries(flat).map(([key, messages]) => [key, messages?.map((m) => formMessage(m, locale))]));
  for (const key of tainted) fieldErrors[key] = [formMessage("forms.controlCharacter", locale)];
  return { ok: false, state: { ok: false, message: formMessage("forms.checkFields", locale), fieldErrors, values } };
}

/** PostgreSQL's integer range: a larger id names nothing, so pages answer 404. */
export const MAX_DATABASE_ID = 2_147_483_647;

/**
 * A database id from a URL segment, a query string or a form: digits only
 * (no sign, exponent, hex, spaces or leading zero), within PostgreSQL's
 * integer range. The one id parser, so "1e3", "0x10" or "99999999999999999999"
 * never reach a query.
 */
export function databaseIdOf(message: string) {
  return z
    .string({ error: message })
    .regex(/^[1-9]\d{0,9}$/, message)
    .transform(Number)
    .refine((id) => id <= MAX_DATABASE_ID, message);
}
export const databaseIdField = databaseIdOf("forms.notAnId");

/** A whole number typed into a form: "12" is fine; "", "1.5", "-2", "1e3", "0x10" or "twelve" get `message`. */
export function wholeNumberField(min: number, max: number, message: string) {
  return z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
}

export const variantIdField = databaseIdOf("forms.chooseVariant");
export const quantityField = wholeNumberField(1, 99, "forms.quantityRange");
export const cartLineSchema = z.object({ variantId: variantIdField, quantity: quantityField });

/** A page number from a query string; anything else (a second value, "1e3", "-1") is the first page. */
export const pageField = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number)
  .catch(1);

/** Free text from a query string (a search box): trimmed, at most `max` characters; anything else is no search. */
export function queryTextField(max: number) {
  return z.string().trim().max(max).refine(isPlainText).catch("");
}

/** How product slugs are written; anything else in a URL names no product. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 80;
export const isProductSlug = (slug: string) => slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
