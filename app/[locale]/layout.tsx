import type { Metadata, Viewport } from "next";
import { notFound } from "next/navigation";
import { hasLocale, NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { clientMessages } from "@/i18n/messages";
import { routing } from "@/i18n/routing";
import { env } from "@/lib/env";
import { releaseRenderOnAbort } from "@/lib/render-signal";
import { currentVisitor, isSharedRender } from "@/lib/visitor";
import { signOutAction } from "../actions";
import "../globals.css";

type Props = { children: ReactNode; params: Promise<{ locale: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common.meta");
  return {
    title: { default: t("title"), template: `%s · Percha` },
    description: t("description"),
    icons: { icon: "/favicon.svg" },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#fbfaf7" };

export default async function StorefrontLayout({ children, params }: Props) {
  // A finished render must not keep the renders after it (lib/render-signal.ts).
  releaseRenderOnAbort();
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  const t = await getTranslations("common");
  // A page served to everyone carries nobody's cart or name: the browser asks for them.
  const visitor = (await isSharedRender()) ? null : await currentVisitor();
  return (
    <html lang={locale === "es" ? "es-AR" : "en"}>
      <body>
        <a className="skip-link" href="#main">{t("skipToContent")}</a>
        {env().isDemo ? <p className="demo-banner">{t("demoBanner")}</p> : null}
        <NextIntlClientProvider messages={clientMessages(locale)}>
          <SiteHeader visitor={visitor} signOut={signOutAction} />
          <main id="main" tabIndex={-1}>{children}</main>
          <SiteFooter />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
