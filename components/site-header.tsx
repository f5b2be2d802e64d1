import Link from "next/link";

type Props = { cartCount: number; userName: string | null; signOut: () => Promise<void> };

export function SiteHeader({ cartCount, userName, signOut }: Props) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand">Percha</Link>
        <nav className="site-nav" aria-label="Main">
          <Link href="/">Shop all</Link>
          <Link href="/?category=T-shirts">T-shirts</Link>
          <Link href="/?category=Hoodies+%26+Sweaters">Hoodies</Link>
          <Link href="/?category=Trousers">Trousers</Link>
          {userName ? <Link href="/orders">My orders</Link> : null}
        </nav>
        <div className="header-actions">
          {userName ? (
            <form action={signOut} className="account">
              <span className="account__name">Hi, {userName}</span>{" "}
              <button type="submit" className="link-button">Sign out</button>
            </form>
          ) : (
            <Link href="/sign-in">Sign in</Link>
          )}
          <Link href="/cart" className="cart-link" aria-label={`Cart, ${cartCount} item${cartCount === 1 ? "" : "s"}`}>
            Cart <span className="cart-count" data-testid="cart-count">{cartCount}</span>
          </Link>
        </div>
      </div>
    </header>
  );
}
