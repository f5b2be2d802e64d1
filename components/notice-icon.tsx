import type { ReactNode } from "react";

export type NoticeTone = "ok" | "warn" | "error" | "info";

const SHAPES: Record<NoticeTone, ReactNode> = {
  ok: <><circle cx="12" cy="12" r="9" /><path d="m8 12.5 2.5 2.5L16 9.5" /></>,
  warn: <><path d="M10.3 4.2 2.6 17.5A2 2 0 0 0 4.3 20.5h15.4a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0Z" /><path d="M12 9.5v4.5" /><path d="M12 17.2h.01" /></>,
  error: <><circle cx="12" cy="12" r="9" /><path d="M12 7.5v5.5" /><path d="M12 16.5h.01" /></>,
  info: <><circle cx="12" cy="12" r="9" /><path d="M12 11v5.5" /><path d="M12 7.8h.01" /></>,
};

/** The symbol beside a notice, so its tone does not rest on colour alone. */
export function NoticeIcon({ tone }: { tone: NoticeTone }) {
  return (
    <svg className="notice__icon" aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {SHAPES[tone]}
    </svg>
  );
}
