"use client";

import { useTranslations } from "next-intl";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { Link, usePathname } from "@/i18n/navigation";
import type { Visitor } from "@/lib/visitor";

const VisitorContext = createContext<Visitor | null>(null);

type ProviderProps = {
  /** What the server knew of the visitor, or null on a shared page (one served to everyone, lib/page-cache.ts). */
  initial: Visitor | null;
  children: ReactNode;
};

/**
 * The visitor's cart count and name for the header. A page rendered for
 * this visitor brings them (and brings them anew after every cart action's
 * refresh); a shared page brings none, and the browser asks /api/visitor —
 * at load, after each navigation, and when the page comes back from the
 * back/forward cache.
 */
export function VisitorProvider({ initial, children }: ProviderProps) {
  const [known, setKnown] = useState(initial);
  const [rendered, setRendered] = useState(initial);
  // The server's word, when a render brings one, replaces what was known; a shared render keeps it until the fetch lands.
  if (initial !== rendered) {
    setRendered(initial);
    if (initial) setKnown(initial);
  }
  const pathname = usePathname();
  const needsFetch = initial === null;

  useEffect(() => {
    if (!needsFetch) return;
    const controller = new AbortController();
    const load = () => {
      fetch("/api/visitor", { cache: "no-store", signal: controller.signal })
        .then((response) => (response.ok ? (response.json() as Promise<Visitor>) : null))
        .then((visitor) => visitor && setKnown(visitor))
        // Offline or aborted: the header keeps what it shows.
        .catch(() => undefined);
    };
    load();
    const onPageShow = (event: PageTransitionEvent) => event.persisted && load();
    window.addEventListener("pageshow", onPageShow);
    return () => {
      controller.abort();
      window.removeEventListener("pageshow", onPageShow);
    };
  }, [needsFetch, pathname]);

  return <VisitorContext.Provider value={known}>{children}</VisitorContext.Provider>;
}

/** The greeting with "Sign out", or "Sign in"; then the cart link with its count. */
export function VisitorActions({ signOut }: { signOut: () => Promise<void> }) {
  const t = useTranslations("common.header");
  const visitor = useContext(VisitorContext);
  // Until the browser knows (and without JavaScript, on a shared page) the header offers to sign in: it keeps
  // its place, and the sign-in page takes a shopper who is signed in already straight on.
  const account = visitor?.name ? (
    <form action={signOut} className="account">
      <span className="account__name">{t("hi", { name: visitor.name })}</span>{" "}
      <button type="submit" className="link-button">{t("signOut")}</button>
    </form>
  ) : (
    <Link href="/sign-in">{t("signIn")}</Link>
  );
  return (
    <>
      {account}
      <Link href="/cart" className="cart-link" aria-label={visitor ? t("cartLabel", { count: visitor.cartCount }) : t("cart")}>
        {t("cart")}{" "}
        <span className={visitor ? "cart-count" : "cart-count cart-count--unknown"} data-testid="cart-count">{visitor?.cartCount}</span>
      </Link>
    </>
  );
}

/** "My orders", for a signed-in visitor. */
export function OrdersLink() {
  const t = useTranslations("common.header");
  return useContext(VisitorContext)?.name ? <Link href="/orders">{t("myOrders")}</Link> : null;
}
