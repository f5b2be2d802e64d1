"use client";

import { useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/forms";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";
import { TextField } from "./text-field";
import "./auth-form.css";

export type RecoveryField = {
  name: string;
  label: string;
  type?: "email" | "text" | "password";
  autoComplete?: string;
  inputMode?: "email" | "numeric" | "text";
  hint?: string;
  maxLength?: number;
  minLength?: number;
  /** Never refilled after an error (passwords). */
  isSecret?: boolean;
};

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  fields: RecoveryField[];
  /** Sent along unchanged (a link's token). */
  hidden?: Record<string, string>;
  submitLabel: string;
  pendingLabel: string;
  /** Shown in place of the form once the request went through. */
  doneNote?: string;
};

/**
 * The small forms of account recovery (forgot password, find my order,
 * new password): field errors beside each field, inputs refilled except
 * secrets, and after success the answer replaces the form.
 */
export function RecoveryForm({ action, fields, hidden = {}, submitLabel, pendingLabel, doneNote }: Props) {
  const [state, formAction] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const values = failed?.values ?? {};

  useEffect(() => {
    if (failed) form.current?.querySelector<HTMLInputElement>("[aria-invalid='true']")?.focus();
  }, [failed]);

  if (state?.ok) {
    return (
      <div className="recovery-done">
        <FormMessage state={state} />
        {doneNote ? <p className="muted">{doneNote}</p> : null}
      </div>
    );
  }
  return (
    <form ref={form} action={formAction} className="auth-form" noValidate>
      <FormMessage state={state} />
      {Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      {fields.map(({ isSecret, ...field }) => (
        <TextField
          key={field.name} {...field} type={field.type ?? "text"} required maxLength={field.maxLength ?? 254}
          defaultValue={isSecret ? undefined : values[field.name]} errors={errors[field.name]}
        />
      ))}
      <SubmitButton className="button button--block" pendingLabel={pendingLabel}>{submitLabel}</SubmitButton>
    </form>
  );
}
