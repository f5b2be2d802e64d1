import { z } from "zod";
import type { DeliveryError } from "./errors";
import { PROVINCE_CODES, type ProvinceCode } from "./provinces";

/** The Argentine delivery fields of checkout; their messages are keys of the `delivery` messages (./errors.ts). */
const error = (key: DeliveryError) => key;

export const provinceField = z.enum(PROVINCE_CODES, { error: error("errors.province") });

// 4 digits (the old code, 1000–9999) or a CPA: the province's letter, the 4 digits, 3 letters for the block face.
const OLD_CODE = /^[1-9]\d{3}$/;
const CPA = /^[A-HJ-NP-Z][1-9]\d{3}[A-Z]{3}$/;

/** "c1425 abc" → "C1425ABC"; spaces are dropped, letters upper-cased. */
export const postalCodeField = z
  .string({ error: error("errors.postalCode") })
  .transform((typed) => typed.replace(/\s+/g, "").toUpperCase())
  .refine((code) => OLD_CODE.test(code) || CPA.test(code), error("errors.postalCode"));

/** A CPA names its province by its first letter; a 4-digit code names none, so any province goes. */
export function postalCodeMatchesProvince(postalCode: string, province: ProvinceCode): boolean {
  return !CPA.test(postalCode) || postalCode.startsWith(province);
}

/**
 * The national digits of an Argentine phone number as people write it:
 * "+54 9 11 1234-5678", "011 15 1234-5678", "(0351) 423-4567", "11 1234 5678".
 * Drops the country code (54), the mobile 9 after it and the trunk 0; what
 * is left is the area code and number, 10 digits, or 12 with a mobile "15"
 * written in after the area code. Null for anything else (letters, too few or too many digits,
 * another country's code).
 */
export function argentinePhoneDigits(typed: string): string | null {
  const text = typed.trim();
  if (!/^\+?[\d\s\-().]+$/.test(text)) return null;
  let digits = text.replace(/\D/g, "");
  const hasCountryCode = text.startsWith("+") || (digits.startsWith("54") && digits.length >= 12);
  if (hasCountryCode) {
    if (!digits.startsWith("54")) return null;
    digits = digits.slice(2);
    if (digits.startsWith("9")) digits = digits.slice(1);
  }
  if (digits.startsWith("0")) digits = digits.slice(1);
  // Area codes start with 1 (Buenos Aires), 2 or 3.
  if (!/^[123]/.test(digits)) return null;
  if (digits.length === 10) return digits;
  // The mobile "15" follows the 2- to 4-digit area code, and only in the national form.
  const hasMobile15 = [2, 3, 4].some((at) => digits.slice(at, at + 2) === "15");
  return digits.length === 12 && hasMobile15 && !hasCountryCode ? digits : null;
}

/** Kept as typed (spaces collapsed), once it reads as an Argentine number: couriers call what the buyer wrote. */
export const phoneField = z
  .string({ error: error("errors.phone") })
  .transform((typed) => typed.trim().replace(/\s+/g, " "))
  .refine((phone) => phone.length <= 30 && argentinePhoneDigits(phone) !== null, error("errors.phone"));

const CUIT_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const CUIT_PREFIXES = new Set(["20", "23", "24", "25", "26", "27", "30", "33", "34"]);

/** Whether 11 digits are a CUIT/CUIL: a known type prefix and the modulo-11 check digit AFIP defines. */
export function isValidCuit(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || !CUIT_PREFIXES.has(digits.slice(0, 2))) return false;
  const sum = CUIT_WEIGHTS.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  // A remainder giving 10 has no check digit: AFIP issues such numbers under another prefix instead.
  const expected = check === 11 ? 0 : check === 10 ? -1 : check;
  return expected === Number(digits[10]);
}

/**
 * Optional DNI (7 or 8 digits) or CUIT/CUIL (11 digits with a valid check
 * digit), typed with or without dots, dashes and spaces; stored as digits,
 * null when left empty.
 */
export const taxIdField = z
  .string()
  .nullish()
  .transform((typed, context) => {
    const text = (typed ?? "").trim();
    if (text === "") return null;
    if (!/^[\d.\-\s]+$/.test(text)) {
      context.addIssue({ code: "custom", message: error("errors.taxId") });
      return z.NEVER;
    }
    const digits = text.replace(/\D/g, "");
    if (digits.length === 7 || digits.length === 8) return digits;
    if (digits.length === 11) {
      if (isValidCuit(digits)) return digits;
      context.addIssue({ code: "custom", message: error("errors.cuit") });
      return z.NEVER;
    }
    context.addIssue({ code: "custom", message: error("errors.taxId") });
    return z.NEVER;
  });

/** A DNI as "12.345.678", a CUIT as "20-12345678-6": how Argentines read them. */
export function formatTaxId(digits: string): string {
  if (digits.length === 11) return `${digits.slice(0, 2)}-${digits.slice(2, 10)}-${digits.slice(10)}`;
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}
