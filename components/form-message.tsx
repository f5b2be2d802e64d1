import type { ActionState } from "@/lib/forms";

/** The visible, announced result of a form action. */
export function FormMessage({ state }: { state: ActionState }) {
  return (
    <div role="status" aria-live="polite">
      {state ? <p className={`notice ${state.ok ? "notice--ok" : "notice--error"}`}>{state.message}</p> : null}
    </div>
  );
}
