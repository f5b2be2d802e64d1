import type { InputHTMLAttributes } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  name: string;
  label: string;
  /** Shown under the label and announced with the input. */
  hint?: string;
  /** Server-side errors for this field; the first is shown. */
  errors?: string[];
};

/** A labelled input whose hint and error are tied to it for screen readers. */
export function TextField({ name, label, hint, errors, ...input }: Props) {
  const error = errors?.[0];
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? <p id={hintId} className="field-hint">{hint}</p> : null}
      <input id={name} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...input} />
      {error ? <p id={errorId} className="field-error">{error}</p> : null}
    </div>
  );
}
