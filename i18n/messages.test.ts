import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { refundReason } from "@/db/schema";
import { PAYMENT_NOTICES } from "@/lib/payments/return";
import { SEARCH_SORTS } from "@/lib/search-params";
import { MESSAGES } from "./messages";
import { LOCALES } from "./routing";

/** Every key of a message tree, as "namespace.key.sub". */
function keysOf(tree: unknown, prefix = ""): string[] {
  if (typeof tree === "string") return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => keysOf(value, prefix ? `${prefix}.${key}` : key));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const root = path.resolve(import.meta.dirname, "..");
const sources = ["app", "components", "lib"].flatMap((dir) => sourceFiles(path.join(root, dir))).map((file) => readFileSync(file, "utf8"));
const quoted = (text: string) => new RegExp(`["'\`]${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["'\`:]`);

/**
 * Keys chosen by data rather than written in the code: each must match the
 * values the code can produce, so a new status without words fails here.
 */
const KEYS_FROM_DATA: Record<string, readonly string[]> = {
  "orders.refundReason": refundReason.enumValues,
  "orders.paymentNotice": PAYMENT_NOTICES,
  "checkout.refused": ["empty_cart", "shortfall", "payment_unavailable", "confirming", "replaced"],
  "orders.status": ["paid", "awaiting_payment", "confirming", "rejected", "expired", "replaced", "refunding", "refunded", "shipped", "cancelled"],
  "common.language.names": LOCALES,
  "search.sort": SEARCH_SORTS,
};

/**
 * A key is used when some source file names its namespace and the rest of
 * its path, e.g. getTranslations("cart") … t("emptyTitle"), or its whole path
 * ("forms.city" in a schema).
 */
function isUsed(key: string): boolean {
  const parts = key.split(".");
  if (sources.some((source) => quoted(key).test(source))) return true;
  for (let at = 1; at < parts.length; at++) {
    const namespace = quoted(parts.slice(0, at).join("."));
    const rest = quoted(parts.slice(at).join("."));
    if (sources.some((source) => namespace.test(source) && rest.test(source))) return true;
  }
  return false;
}

describe("messages", () => {
  const english = keysOf(MESSAGES.en).sort();

  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has exactly the English keys", (locale) => {
    const other = keysOf(MESSAGES[locale]).sort();
    expect(other.filter((key) => !english.includes(key)), "keys only in this language").toEqual([]);
    expect(english.filter((key) => !other.includes(key)), "keys missing in this language").toEqual([]);
  });

  it("has no empty message", () => {
    for (const locale of LOCALES) {
      const empty = keysOf(MESSAGES[locale]).filter((key) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], MESSAGES[locale]) === "");
      expect(empty, locale).toEqual([]);
    }
  });

  it("uses every key", () => {
    const fromData = (key: string) => Object.keys(KEYS_FROM_DATA).some((prefix) => key.startsWith(`${prefix}.`));
    expect(english.filter((key) => !fromData(key) && !isUsed(key))).toEqual([]);
  });

  it("has words for every value the code can produce", () => {
    for (const [prefix, values] of Object.entries(KEYS_FROM_DATA)) {
      const keys = english.filter((key) => key.startsWith(`${prefix}.`)).map((key) => key.slice(prefix.length + 1));
      expect(keys.sort(), prefix).toEqual([...values].sort());
    }
  });
});
