import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import { LanguageSwitcher } from "./language-switcher";
import { SearchBox } from "./search-box";

type Props = { cartCount: number; userName: string | null; signOut: () => Promise<void> };

/**
 * The shop's header. On a phone the navigation folds into a "Menu"
 * disclosure (a <details>, so it opens without JavaScript); on wider
 * screens the same links sit in a row. The search box sits first in the
 * menu on a phone and beside the links on wider screens.
 */
export function SiteHeader({ cartCount, userName, signOut }: Props) {
  const t = useTranslations("common.header");
  const links = <NavLinks signedIn={userName !== null} />;
  return (
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
          {userName ? (
            <form action={signOut} className="account">
              <span className="account__name">{t("hi", { name: userName })}</span>{" "}
              <button type="submit" className="link-button">{t("signOut")}</button>
            </form>
          ) : (
            <Link href="/sign-in">{t("signIn")}</Link>
          )}
          <Link href="/cart" className="cart-link" aria-label={t("cartLabel", { count: cartCount })}>
            {t("cart")} <span className="cart-count" data-testid="cart-count">{cartCount}</span>
          </Link>
        </div>
      </div>
    </header>
  );
}

function NavLinks({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations("common.header");
  return (
    <>
      <Link href="/">{t("shopAll")}</Link>
      <Link href="/?category=T-shirts">{t("tshirts")}</Link>
      <Link href="/?category=Hoodies+%26+Sweaters">{t("hoodies")}</Link>
      <Link href="/?category=Trousers">{t("trousers")}</Link>
      {signedIn ? <Link href="/orders">{t("myOrders")}</Link> : null}
      <LanguageSwitcher />
    </>
  );
}
