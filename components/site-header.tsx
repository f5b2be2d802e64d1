import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import type { Visitor } from "@/lib/visitor";
import { LanguageSwitcher } from "./language-switcher";
import { SearchBox } from "./search-box";
import { OrdersLink, VisitorActions, VisitorProvider } from "./visitor";

type Props = { visitor: Visitor | null; signOut: () => Promise<void> };

/**
 * The shop's header. On a phone the navigation folds into a "Menu"
 * disclosure (a <details>, so it opens without JavaScript); on wider
 * screens the same links sit in a row. The search box sits first in the
 * menu on a phone and beside the links on wider screens. The visitor's
 * parts (components/visitor.tsx) come with the page, or from the browser on
 * a page shared by every visitor.
 */
export function SiteHeader({ visitor, signOut }: Props) {
  const t = useTranslations("common.header");
  const links = <NavLinks />;
  return (
    <VisitorProvider initial={visitor}>
      <header className="site-header">
        <div className="site-header__inner">
          <details className="site-menu">
            <summary className="site-menu__toggle">
              <svg aria-hidden="true" width="18" height="18" viewBox="0 0 18 18"><path d="M2 4h14M2 9h14M2 14h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /></svg>
              {t("menu")}
            </summary>
            <div className="site-menu__panel">
              <SearchBox id="menu-search" />
              <nav aria-label={t("mainNav")}>{links}</nav>
            </div>
          </details>
          <Link href="/" className="brand" aria-label={t("home")}>Percha</Link>
          <nav className="site-nav" aria-label={t("mainNav")}>{links}</nav>
          <SearchBox id="header-search" className="search-box--inline" />
          <div className="header-actions">
            <VisitorActions signOut={signOut} />
          </div>
        </div>
      </header>
    </VisitorProvider>
  );
}

function NavLinks() {
  const t = useTranslations("common.header");
  return (
    <>
      <Link href="/">{t("shopAll")}</Link>
      <Link href="/?category=T-shirts">{t("tshirts")}</Link>
      <Link href="/?category=Hoodies+%26+Sweaters">{t("hoodies")}</Link>
      <Link href="/?category=Trousers">{t("trousers")}</Link>
      <OrdersLink />
      <LanguageSwitcher />
    </>
  );
}
