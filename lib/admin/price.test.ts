import { describe, expect, it } from "vitest";
import { parsePesos, pesosText } from "./price";

describe("parsePesos", () => {
  it.each([
    ["18500", 1_850_000],
    ["18.500", 1_850_000],
    ["1.234.567", 123_456_700],
    ["18.500,50", 1_850_050],
    ["18.500,5", 1_850_050],
    ["18500,50", 1_850_050],
    ["18500.50", 1_850_050],
    ["18500.5", 1_850_050],
    ["0,99", 99],
    ["$ 18.500,00", 1_850_000],
    ["  18500  ", 1_850_000],
  ])("reads %j as %i centavos", (typed, minor) => {
    expect(parsePesos(typed)).toEqual({ ok: true, minor });
  });

  it.each([
    "", "abc", "18,500", "1,234.50", "18.50.0", "18500.505", "18.500.5", "1.23,4", "-100", "18 500", "1e4", "18500,", ".50",
  ])("refuses %j rather than guess", (typed) => {
    expect(parsePesos(typed)).toEqual({ ok: false, message: "Enter the price in pesos, like 18500, 18.500,50 or 18500.50" });
  });

  it("refuses zero and prices beyond ten million pesos", () => {
    expect(parsePesos("0")).toEqual({ ok: false, message: "The price must be more than zero" });
    expect(parsePesos("0,00")).toMatchObject({ ok: false });
    expect(parsePesos("10.000.000")).toEqual({ ok: true, minor: 1_000_000_000 });
    expect(parsePesos("10.000.000,01")).toEqual({ ok: false, message: "The price must be at most 10.000.000 pesos" });
    expect(parsePesos("99999999999999999999")).toMatchObject({ ok: false });
  });
});

describe("pesosText", () => {
  it("writes centavos back the way staff type them, and parses back to the same amount", () => {
    expect(pesosText(1_850_000)).toBe("18.500");
    expect(pesosText(1_850_050)).toBe("18.500,50");
    expect(pesosText(5)).toBe("0,05");
    expect(pesosText(123_456_701)).toBe("1.234.567,01");
    for (const minor of [1, 99, 100, 1_850_050, 123_456_701, 1_000_000_000]) {
      expect(parsePesos(pesosText(minor))).toEqual({ ok: true, minor });
    }
  });
});
