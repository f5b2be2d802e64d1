import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { releaseRenderOnAbort } from "@/lib/render-signal";
import "../globals.css";

export const metadata: Metadata = { title: { default: "Percha", template: "%s · Percha" }, icons: { icon: "/favicon.svg" } };

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#fbfaf7" };

/** The frame of the pages that are not the storefront (back office, captured emails): English, no cart. */
export default function BackLayout({ children }: { children: ReactNode }) {
  // A finished render must not keep the renders after it (lib/render-signal.ts).
  releaseRenderOnAbort();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        {env().isDemo ? <p className="demo-banner">Demo shop — payments are simulated</p> : null}
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="brand">Percha</Link>
          </div>
        </header>
        <main id="main" tabIndex={-1}>{children}</main>
      </body>
    </html>
  );
}
