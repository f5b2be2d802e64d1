import type { AuditView } from "@/lib/audit";
import { formatDate } from "../format";

const show = (value: unknown) => (value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));

/** Each field an entry changed, "field: before → after". */
function changes(before: unknown, after: unknown): string[] {
  const was = (before ?? {}) as Record<string, unknown>;
  const is = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(was), ...Object.keys(is)])];
  return keys.map((key) => (key in was ? `${key}: ${show(was[key])} → ${show(is[key])}` : `${key}: ${show(is[key])}`));
}

/** What staff changed on this thing, who and when, newest first. */
export function AuditTrail({ entries }: { entries: AuditView[] }) {
  if (entries.length === 0) return <p className="muted">No staff changes yet.</p>;
  return (
    <ol className="admin-timeline" reversed>
      {entries.map((entry, index) => (
        <li key={index}>
          <time dateTime={entry.at.toISOString()} className="muted">{formatDate(entry.at)}</time>
          <div>
            <strong>{entry.action}</strong> by {entry.staffEmail}
            <ul className="admin-changes">{changes(entry.before, entry.after).map((line) => <li key={line}>{line}</li>)}</ul>
          </div>
        </li>
      ))}
    </ol>
  );
}
