import type { AuditView } from "@/lib/audit";
import { formatDate } from "../format";

type Change = Record<string, unknown>;

const asRecord = (value: unknown): Change => (value && typeof value === "object" ? (value as Change) : {});
const words = (key: string) => key.replace(/([A-Z])/g, " $1").toLowerCase();
const shown = (value: unknown) => (value === null || value === undefined ? "none" : typeof value === "string" ? `“${value}”` : String(value));

/** "quantity 0 → 12, note “Delivery 881”": what an audited change did, field by field. */
function describe(before: unknown, after: unknown): string {
  const [was, now] = [asRecord(before), asRecord(after)];
  return Object.keys({ ...was, ...now })
    .map((key) => (key in was ? `${words(key)} ${shown(was[key])} → ${shown(now[key])}` : `${words(key)} ${shown(now[key])}`))
    .join(", ");
}

/** The changes staff made to one thing, newest first: who, what, before and after, when. */
export function AuditTrail({ entries }: { entries: AuditView[] }) {
  if (entries.length === 0) return <p className="muted">No staff changes yet.</p>;
  return (
    <ol className="admin-timeline">
      {entries.map((entry, i) => (
        <li key={i}>
          <time dateTime={entry.at.toISOString()} className="muted">{formatDate(entry.at)}</time>
          <span><strong>{entry.action}</strong> by {entry.staffEmail}: {describe(entry.before, entry.after)}</span>
        </li>
      ))}
    </ol>
  );
}
