"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionState } from "@/lib/forms";
import { FormMessage } from "./form-message";
import { SubmitButton } from "./submit-button";
import { TextField } from "./text-field";
import "./auth-form.css";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  next: string;
  minLength: number;
};

/** Current and new password; neither is ever sent back to the page. */
export function PasswordForm({ action, next, minLength }: Props) {
  const t = useTranslations("account.password");
  const [state, formAction] = useActionState(action, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={formAction} className="auth-form" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next} />
      <TextField name="currentPassword" label={t("current")} type="password" autoComplete="current-password" required maxLength={200} errors={errors.currentPassword} />
      <TextField
        name="newPassword" label={t("new")} type="password" autoComplete="new-password" required minLength={minLength} maxLength={200}
        hint={t("hint", { min: minLength })} errors={errors.newPassword}
      />
      <SubmitButton className="button button--block" pendingLabel={t("saving")}>{t("change")}</SubmitButton>
    </form>
  );
}
