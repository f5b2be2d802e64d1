import type { ActionState } from "@/lib/forms";
import { NoticeIcon, type NoticeTone } from "./notice-icon";

function toneOf(state: NonNullable<ActionState>): NoticeTone {
  if (state.isWarning) return "warn";
  return state.ok ? "ok" : "error";
}

/** The visible, announced result of a form action: done, a warning ("only 2 available") or an error. */
export function FormMessage({ state }: { state: ActionState }) {
  const tone = state ? toneOf(state) : null;
  return (
    <div role="status" aria-live="polite">
      {state && tone ? (
        <p className={`notice notice--${tone} notice--with-icon`} data-tone={tone}>
          <NoticeIcon tone={tone} />
          <span>{state.message}</span>
        </p>
      ) : null}
    </div>
  );
}
