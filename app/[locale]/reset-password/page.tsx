import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { DeadLink } from "@/components/dead-link";
import { RecoveryForm } from "@/components/recovery-form";
import { resetLinkRules } from "@/lib/account-recovery";
import { resetPasswordAction } from "./actions";

// The link carries its token: keep it out of Referer headers and search engines.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.reset"))("title"), referrer: "no-referrer", robots: { index: false } };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const querySchema = z.object({ token: z.string().max(200).optional().catch(undefined) });

export default async function ResetPasswordPage({ searchParams }: Props) {
  const { token } = querySchema.parse(await searchParams);
  const rules = token ? await resetLinkRules(token) : null;
  const t = await getTranslations("account");
  if (!token || !rules) {
    return (
      <DeadLink
        explanation={t("reset.dead")}
        action={{ href: "/forgot-password", label: t("reset.newLink") }}
      />
    );
  }
  return (
    <section className="auth-page">
      <div className="auth-card">
        <h1>{t("reset.title")}</h1>
        <p className="muted">{t("reset.intro")}</p>
        <RecoveryForm
          action={resetPasswordAction} hidden={{ token }}
          fields={[{
            name: "newPassword", label: t("password.new"), type: "password", autoComplete: "new-password",
            minLength: rules.minLength, maxLength: 200, hint: t("password.hint", { min: rules.minLength }), isSecret: true,
          }]}
          submitLabel={t("reset.save")} pendingLabel={t("password.saving")}
        />
      </div>
    </section>
  );
}
