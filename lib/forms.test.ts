import { describe, expect, it } from "vitest";
import { z } from "zod";
import { databaseIdField, formMessage, isProductSlug, pageField, parseForm, quantityField, queryTextField, variantIdField } from "./forms";

// What arrives where an id is expected: a URL segment, a query string, a hidden form field.
const NOT_IDS: unknown[] = [
  "99999999999999999999", "2147483648", "9999999999", "0", "-1", "+1", "1e3", "1E3", "0x10", "0b1", "0o7", "1.0", "1.5", "01",
  " 1", "1 ", "1\u0000", "\u0000", "%00", "1%00", "\uFFFD", "١٢", "Infinity", "NaN", "", "abc", undefined, null, 12, ["1"],
];

describe("databaseIdField", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["2147483647", 2_147_483_647],
  ])("reads %s as the id %d", (given, expected) => {
    expect(databaseIdField.parse(given)).toBe(expected);
  });

  it.each(NOT_IDS.map((value) => [value]))("refuses %j", (given) => {
    expect(databaseIdField.safeParse(given).success).toBe(false);
  });

  it("is what the cart's variant field is made of, with the shopper's message", () => {
    for (const given of NOT_IDS) {
      const parsed = variantIdField.safeParse(given);
      expect(parsed.success, String(given)).toBe(false);
      expect(formMessage(parsed.error?.issues[0]?.message ?? "")).toBe("Choose a size and colour");
    }
  });
});

describe("quantityField", () => {
  it.each([["1", 1], ["99", 99], [" 7 ", 7]])("reads %j as %d", (given, expected) => {
    expect(quantityField.parse(given)).toBe(expected);
  });

  it.each([["0"], ["100"], ["-1"], ["1e1"], ["0x10"], ["1.5"], ["99999999999999999999"], ["3\u0000"], [""], [undefined]])("refuses %j", (given) => {
    expect(formMessage(quantityField.safeParse(given).error?.issues[0]?.message ?? "")).toBe("Quantity must be a whole number from 1 to 99");
  });
});

describe("pageField", () => {
  it.each([
    ["1", 1],
    ["7", 7],
    ["0", 1],
    ["-3", 1],
    ["1e3", 1],
    ["0x10", 1],
    ["99999999999999999999", 1],
    ["2\u0000", 1],
    [["2", "3"], 1],
    [undefined, 1],
  ])("reads %j as page %d", (given, expected) => {
    expect(pageField.parse(given)).toBe(expected);
  });
});

describe("queryTextField", () => {
  const search = queryTextField(20);
  it.each([
    [" linen shirt ", "linen shirt"],
    ["remera básica", "remera básica"],
    ["a\u0000b", ""],
    ["x".repeat(21), ""],
    [["a", "b"], ""],
    [undefined, ""],
  ])("reads %j as %j", (given, expected) => {
    expect(search.parse(given)).toBe(expected);
  });
});

describe("isProductSlug", () => {
  it.each(["classic-tee", "remera-basica", "e2e-0a1b2c3d4e", "a"])("accepts %s", (slug) => {
    expect(isProductSlug(slug)).toBe(true);
  });

  it.each(["", "\u0000", "classic-tee\u0000", "Classic-Tee", "classic--tee", "-tee", "tee-", "a/b", "..", "remera-b\u00e1sica", "\uFFFD", "a".repeat(81)])(
    "refuses %j",
    (slug) => {
      expect(isProductSlug(slug)).toBe(false);
    },
  );
});

describe("parseForm", () => {
  const schema = z.object({ name: z.string().min(1), note: z.string().optional() });
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(entries)) data.append(key, value);
    return data;
  };

  it("gives a field error for a control character in any field, and refills the field without it", () => {
    const result = parseForm(schema, form({ name: "Ana\u0000 Pérez", note: "fine" }), ["name", "note"]);
    expect(result).toEqual({
      ok: false,
      state: {
        ok: false,
        message: "Please check the highlighted fields.",
        fieldErrors: { name: ["Remove the hidden control character from this field."] },
        values: { name: "Ana Pérez", note: "fine" },
      },
    });
  });

  it("checks fields the schema does not know too, and keeps tabs and line breaks", () => {
    expect(parseForm(schema, form({ name: "Ana", extra: "\u001b[2J" })).ok).toBe(false);
    expect(parseForm(schema, form({ name: "Ana", note: "line one\r\nline two\tend" }))).toEqual({
      ok: true,
      data: { name: "Ana", note: "line one\r\nline two\tend" },
    });
  });
});
