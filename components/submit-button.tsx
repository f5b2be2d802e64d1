"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

type Props = { children: ReactNode; pendingLabel: string; className?: string; disabled?: boolean; name?: string; value?: string; "aria-label"?: string };

/** A submit button that says what it is doing while its form is posting. */
export function SubmitButton({ children, pendingLabel, className = "button", disabled, ...rest }: Props) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={disabled || pending} aria-busy={pending} {...rest}>
      {pending ? pendingLabel : children}
    </button>
  );
}
