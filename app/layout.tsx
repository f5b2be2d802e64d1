import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { cartCount } from "@/lib/cart";
import { env } from "@/lib/env";
import { currentShopper } from "@/lib/shopper";
import { signOutAction } from "./actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Percha — everyday clothing", template: "%s · Percha" },
  description: "Tees, hoodies, trousers and jackets made to last. Pay securely with Mercado Pago.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#fbfaf7" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const shopper = await currentShopper();
  const count = await cartCount(shopper);
  return (
    <html lang="en">
      <body>
        {env().isDemo ? <p className="demo-banner">Demo shop — payments are simulated</p> : null}
        <SiteHeader cartCount={count} userName={shopper.name ?? shopper.email ?? null} signOut={signOutAction} />
        <main id="main">{children}</main>
        <SiteFooter />
      </body>
    </html>
  );
}
