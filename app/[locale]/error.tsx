"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common.error");
  useEffect(() => console.error(error), [error]);
  return (
    <section className="empty-state">
      <h1>{t("title")}</h1>
      <p className="muted">{t("body")}</p>
      <button className="button" onClick={reset}>{t("retry")}</button>
    </section>
  );
}
