"use client";

import { useActionState, type ReactNode } from "react";
import type { ActionState } from "@/lib/forms";
import { FormMessage } from "../form-message";
import { SubmitButton } from "../submit-button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** The fields; a function gets the last result to show field errors and refill values. */
  children: ReactNode | ((state: ActionState) => ReactNode);
  submitLabel: string;
  pendingLabel: string;
  className?: string;
  /** "danger" for actions that cannot be undone (cancel, resolve by hand). */
  tone?: "default" | "danger";
};

/**
 * One back-office form: posts to a staff action (it works without
 * JavaScript too), announces the result and keeps the fields refillable.
 */
export function ActionForm({ action, children, submitLabel, pendingLabel, className = "admin-form", tone = "default" }: Props) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className={className} noValidate>
      {typeof children === "function" ? children(state) : children}
      <SubmitButton className={tone === "danger" ? "button button--danger" : "button"} pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

/** The field errors of the last result, to show beside their fields. */
export const fieldErrorsOf = (state: ActionState) => (state && !state.ok ? (state.fieldErrors ?? {}) : {});

/** What was typed into a field before a refused submit, to put it back. */
export const refillOf = (state: ActionState, name: string) => (state && !state.ok ? state.values?.[name] : undefined);
