import { describe, expect, it } from "vitest";
import { contactSchema } from "@/lib/checkout";
import { contact } from "@/lib/payments/test-support";
import { argentinePhoneDigits, formatTaxId, isValidCuit, postalCodeField, taxIdField } from "./fields";
import { PROVINCES, SHIPPING_ZONES } from "./provinces";

/** The field errors of a checkout form with `changes`, or {} when it passes. */
function errorsOf(changes: Record<string, unknown>) {
  const parsed = contactSchema.safeParse({ ...contact(), ...changes });
  return parsed.success ? {} : parsed.error.flatten().fieldErrors;
}

describe("the 24 jurisdictions", () => {
  it("lists 23 provinces and the City, each once, with its CPA letter and a zone", () => {
    expect(PROVINCES).toHaveLength(24);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(24);
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(24);
    expect(PROVINCES.map((p) => p.code).sort().join("")).toBe("ABCDEFGHJKLMNPQRSTUVWXYZ");
    expect(PROVINCES.every((p) => (SHIPPING_ZONES as readonly string[]).includes(p.zone))).toBe(true);
    expect(SHIPPING_ZONES.every((zone) => PROVINCES.some((p) => p.zone === zone))).toBe(true);
    expect(PROVINCES.find((p) => p.code === "C")).toEqual({ code: "C", name: "Ciudad Autónoma de Buenos Aires", zone: "caba" });
    expect(PROVINCES.find((p) => p.code === "V")?.zone).toBe("patagonia");
  });

  it("refuses a province that is not one of them", () => {
    for (const province of ["", "I", "O", "c", "CABA", "AR-C", undefined]) {
      expect(errorsOf({ province }).province, String(province)).toEqual(["errors.province"]);
    }
  });
});

describe("postal codes", () => {
  it.each([
    ["1425", "C", "1425"],
    ["9410", "V", "9410"],
    ["C1425ABC", "C", "C1425ABC"],
    [" c1425abc ", "C", "C1425ABC"],
    ["X5000 ABC", "X", "X5000ABC"],
    ["B1900AAA", "B", "B1900AAA"],
    ["Q8300XAB", "Q", "Q8300XAB"],
  ])("takes %j in province %s as %s", (typed, province, stored) => {
    const parsed = contactSchema.safeParse({ ...contact(), province, postalCode: typed });
    expect(parsed.success && parsed.data.postalCode).toBe(stored);
  });

  it.each(["", "142", "14250", "0425", "C1425", "C1425AB", "C1425ABCD", "1425ABC", "CC1425ABC", "C0425ABC", "I1425ABC", "O1425ABC", "C-1425-ABC", "C1425AB1", "一四二五"])(
    "refuses %j",
    (typed) => {
      expect(postalCodeField.safeParse(typed).success).toBe(false);
      expect(errorsOf({ postalCode: typed }).postalCode).toEqual(["errors.postalCode"]);
    },
  );

  it("refuses a CPA of another province than the one chosen", () => {
    expect(errorsOf({ province: "X", postalCode: "C1425ABC" }).postalCode).toEqual(["errors.postalCodeProvince"]);
    expect(errorsOf({ province: "B", postalCode: "C1425ABC" }).postalCode).toEqual(["errors.postalCodeProvince"]);
    // Said at once, beside the other fields' errors.
    expect(errorsOf({ province: "X", postalCode: "C1425ABC", phone: "4321", email: "" })).toMatchObject({ postalCode: ["errors.postalCodeProvince"], phone: ["errors.phone"] });
    // A 4-digit code names no province: any goes.
    expect(errorsOf({ province: "X", postalCode: "5000" })).toEqual({});
  });
});

describe("phone numbers", () => {
  it.each([
    ["+54 9 11 4321-5678", "1143215678"],
    ["+54 11 4321 5678", "1143215678"],
    ["011 15 4321-5678", "111543215678"],
    ["(0351) 423-4567", "3514234567"],
    ["11 4321 5678", "1143215678"],
    ["5491143215678", "1143215678"],
    ["2944 15-123456", "294415123456"],
  ])("reads %j as Argentine (%s)", (typed, digits) => {
    expect(argentinePhoneDigits(typed)).toBe(digits);
    expect(errorsOf({ phone: typed })).toEqual({});
  });

  it.each(["", "1234", "4321-5678", "+1 415 555 0100", "+55 11 91234 5678", "11 4321 5678 ext 2", "call me", "0800-222-1234", "+54 9 11 4321-5678-99"])(
    "refuses %j",
    (typed) => {
      expect(errorsOf({ phone: typed }).phone).toEqual(["errors.phone"]);
    },
  );

  it("keeps the number as typed, spaces collapsed", () => {
    expect(contactSchema.parse({ ...contact(), phone: "  011  15 4321-5678 " }).phone).toBe("011 15 4321-5678");
  });
});

describe("DNI and CUIT", () => {
  it.each([
    ["20-12345678-6", true],
    ["27301234568", true],
    ["30-50001091-2", true],
    ["23-11111111-1", true],
    ["20-12345670-0", true],
    ["20-12345678-5", false],
    ["20-12345678-7", false],
    // The check digit would be 10: no CUIT has it.
    ["20-12345676-0", false],
    ["20-12345676-1", false],
    // A valid modulo-11 sum under a prefix AFIP never issues.
    ["11-12345678-7", false],
  ])("checks the CUIT check digit of %s (%s)", (typed, isValid) => {
    expect(isValidCuit(typed.replace(/-/g, ""))).toBe(isValid);
    expect(errorsOf({ taxId: typed }).taxId).toEqual(isValid ? undefined : ["errors.cuit"]);
  });

  it.each([
    ["", null],
    [undefined, null],
    ["  ", null],
    ["12.345.678", "12345678"],
    ["1234567", "1234567"],
    ["20 12345678 6", "20123456786"],
  ])("takes %j as %j", (typed, stored) => {
    expect(taxIdField.parse(typed)).toBe(stored);
  });

  it.each(["123456", "123456789", "1234567890", "123456789012", "DNI 12345678", "12,345,678"])("refuses %j", (typed) => {
    expect(errorsOf({ taxId: typed }).taxId).toEqual(["errors.taxId"]);
  });

  it("shows a DNI with dots and a CUIT with dashes", () => {
    expect(formatTaxId("12345678")).toBe("12.345.678");
    expect(formatTaxId("1234567")).toBe("1.234.567");
    expect(formatTaxId("20123456786")).toBe("20-12345678-6");
  });
});
