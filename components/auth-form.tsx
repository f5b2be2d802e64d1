"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/forms";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";
import { TextField } from "./text-field";
import "./auth-form.css";

type Props = {
  mode: "sign-in" | "sign-up";
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  /** Where to go afterwards; the action checks it again. */
  next: string;
};

/** Sign-in and sign-up form: refills name and email after an error, never the password. */
export function AuthForm({ mode, action, next }: Props) {
  const t = useTranslations("account.form");
  const [state, formAction] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const values = failed?.values ?? {};
  const isSignUp = mode === "sign-up";

  // Take keyboard and screen-reader users straight to what needs fixing.
  useEffect(() => {
    if (!failed) return;
    const target = form.current?.querySelector<HTMLInputElement>("[aria-invalid='true'], input[name='password']");
    target?.focus();
  }, [failed]);

  return (
    <form ref={form} action={formAction} className="auth-form" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next} />
      {isSignUp ? (
        <TextField name="name" label={t("name")} autoComplete="name" required maxLength={100} defaultValue={values.name} errors={errors.name} />
      ) : null}
      <TextField
        name="email" label={t("email")} type="email" autoComplete="email" inputMode="email" required maxLength={254}
        defaultValue={values.email} errors={errors.email}
      />
      <TextField
        name="password" label={t("password")} type="password" required maxLength={200}
        autoComplete={isSignUp ? "new-password" : "current-password"} minLength={isSignUp ? 8 : undefined}
        hint={isSignUp ? t("passwordHint") : undefined} errors={errors.password}
      />
      <SubmitButton className="button button--block" pendingLabel={isSignUp ? t("creating") : t("signingIn")}>
        {isSignUp ? t("create") : t("signIn")}
      </SubmitButton>
    </form>
  );
}
