import { SHIPPING_ZONES, ZONE_LABELS } from "@/lib/delivery/provinces";
import { formatDate, formatMoney } from "../format";

export type AuditEntryView = { subject?: string; action: string; staffEmail: string; before: unknown; after: unknown; at: Date };

const LABELS: Record<string, string> = {
  priceMinor: "price", isActive: "sold in the shop", sku: "SKU", contentType: "type", freeOverMinor: "free shipping from",
  ...Object.fromEntries(SHIPPING_ZONES.map((zone) => [`${zone}RateMinor`, `rate ${ZONE_LABELS[zone].name}`])),
};
// Kept in the log for tracing, too technical to show.
const HIDDEN = new Set(["productId", "imageId", "sha256"]);

function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  // Amounts are kept in minor units under keys that say so (priceMinor, cabaRateMinor…).
  if (key.endsWith("Minor") && typeof value === "number") return formatMoney(value);
  if (key === "bytes" && typeof value === "number") return `${Math.ceil(value / 1024)} KB`;
  if (typeof value === "boolean") return value ? "yes" : "no";
  const text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const fields = (value: unknown): Record<string, unknown> => (value && typeof value === "object" ? (value as Record<string, unknown>) : {});

/** "name: Linen Shirt → Linen Overshirt" for each field that changed; every field of something created or removed. */
function describe(before: unknown, after: unknown): string[] {
  const [was, is] = [fields(before), fields(after)];
  const keys = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter((key) => !HIDDEN.has(key));
  return keys.flatMap((key) => {
    const label = LABELS[key] ?? key;
    if (!(key in was)) return [`${label}: ${show(key, is[key])}`];
    if (!(key in is)) return [`${label}: ${show(key, was[key])}`];
    return JSON.stringify(was[key]) === JSON.stringify(is[key]) ? [] : [`${label}: ${show(key, was[key])} → ${show(key, is[key])}`];
  });
}

/** Who changed what and when, newest first: shown on the thing that changed. */
export function AuditTrail({ entries }: { entries: AuditEntryView[] }) {
  if (entries.length === 0) return <p className="muted">No changes recorded yet.</p>;
  return (
    <ol className="admin-timeline">
      {entries.map((entry, index) => (
        <li key={index}>
          <time dateTime={entry.at.toISOString()}>{formatDate(entry.at)}</time>
          <div>
            <strong>{entry.subject ? `${entry.subject}: ` : ""}{entry.action}</strong> <span className="muted">by {entry.staffEmail}</span>
            <ul className="admin-changes">
              {describe(entry.before, entry.after).map((line) => <li key={line}>{line}</li>)}
            </ul>
          </div>
        </li>
      ))}
    </ol>
  );
}
