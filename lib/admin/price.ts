/**
 * Prices as staff type them, in pesos, to integer centavos. Accepted, and
 * nothing else (so "18,500" or "1,234.50" is refused, never guessed):
 *   18500          whole pesos
 *   18.500         es-AR thousands separators (dots in groups of three)
 *   18.500,50      ... with up to two decimals after a comma
 *   18500,50       decimals after a comma
 *   18500.50       decimals after a dot (one or two digits, so never thousands)
 * A leading "$" and spaces around the number are ignored.
 */
const FORMATS = [
  /^(?<pesos>\d+)$/,
  /^(?<pesos>\d{1,3}(?:\.\d{3})+)(?:,(?<cents>\d{1,2}))?$/,
  /^(?<pesos>\d+),(?<cents>\d{1,2})$/,
  /^(?<pesos>\d+)\.(?<cents>\d{1,2})$/,
];

/** The highest price accepted: $ 10.000.000,00 (well inside PostgreSQL's integer). */
export const MAX_PRICE_MINOR = 1_000_000_000;

const EXAMPLES = "like 18500, 18.500,50 or 18500.50";
export const PRICE_FORMAT_HINT = `In pesos, ${EXAMPLES}.`;

export type PriceParse = { ok: true; minor: number } | { ok: false; message: string };

export function parsePesos(typed: string): PriceParse {
  const text = typed.trim().replace(/^\$\s*/, "");
  const match = FORMATS.map((format) => format.exec(text)).find(Boolean);
  if (!match?.groups?.pesos) return { ok: false, message: `Enter the price in pesos, ${EXAMPLES}` };
  const pesos = Number(match.groups.pesos.replaceAll(".", ""));
  const cents = Number((match.groups.cents ?? "0").padEnd(2, "0"));
  const minor = pesos * 100 + cents;
  if (minor <= 0) return { ok: false, message: "The price must be more than zero" };
  if (minor > MAX_PRICE_MINOR) return { ok: false, message: "The price must be at most 10.000.000 pesos" };
  return { ok: true, minor };
}

/** Centavos as staff would type them back: 1850050 → "18.500,50", 1850000 → "18.500". */
export function pesosText(minor: number): string {
  const pesos = Math.floor(minor / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const cents = minor % 100;
  return cents === 0 ? pesos : `${pesos},${String(cents).padStart(2, "0")}`;
}
