import Link from "next/link";

const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/stock", label: "Stock" },
  { href: "/admin/stock/low", label: "Low stock" },
  { href: "/admin/products", label: "Products" },
  { href: "/admin/money", label: "Money" },
  { href: "/admin/shipping", label: "Shipping" },
] as const;

/** The back office's sections; scrolls sideways on a phone instead of wrapping. */
export function AdminNav({ staffEmail }: { staffEmail: string }) {
  return (
    <div className="admin-nav">
      <nav aria-label="Back office">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.href}><Link href={section.href}>{section.label}</Link></li>
          ))}
        </ul>
      </nav>
      <p className="admin-nav__who muted">Staff: {staffEmail}</p>
    </div>
  );
}
