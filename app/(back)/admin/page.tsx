import type { Metadata } from "next";
import Link from "next/link";
import { pendingRefundCount } from "@/lib/admin/money";
import { fulfilmentQueue } from "@/lib/admin/orders";
import { requireStaff } from "@/lib/staff";

export const metadata: Metadata = { title: "Overview" };

const SECTIONS = [
  { href: "/admin/orders", title: "Orders", text: "Find an order, pack and ship it, or cancel and refund it." },
  { href: "/admin/stock", title: "Stock", text: "Restock, count and correct each size and colour, with its history." },
  { href: "/admin/stock/low", title: "Low stock", text: "What is running out, best sellers first." },
  { href: "/admin/products", title: "Products", text: "Create and edit products, their variants and photos." },
  { href: "/admin/money", title: "Money", text: "Refunds Mercado Pago has not taken yet, and payments that matched no order." },
] as const;

export default async function AdminOverviewPage() {
  const staff = await requireStaff();
  const [{ toPack, toShip }, refundsWaiting] = await Promise.all([fulfilmentQueue(), pendingRefundCount()]);
  const today = [
    { href: "/admin/orders?status=paid&fulfilment=unfulfilled", count: toPack, label: "paid orders to pack" },
    { href: "/admin/orders?status=paid&fulfilment=packed", count: toShip, label: "packed orders to ship" },
    { href: "/admin/money", count: refundsWaiting, label: "refunds needing a person" },
  ];
  return (
    <>
      <div className="admin-head">
        <h1>Back office</h1>
        <p className="muted">Signed in as {staff.email}</p>
      </div>
      <section aria-labelledby="today-title">
        <h2 id="today-title">Today</h2>
        <ul className="admin-grid admin-stats">
          {today.map((item) => (
            <li key={item.href}>
              <Link href={item.href} className="admin-panel admin-stat"><strong>{item.count}</strong> <span>{item.label}</span></Link>
            </li>
          ))}
        </ul>
      </section>
      <div className="admin-grid">
        {SECTIONS.map((section) => (
          <section key={section.href} className="admin-panel">
            <h2><Link href={section.href}>{section.title}</Link></h2>
            <p className="muted">{section.text}</p>
          </section>
        ))}
      </div>
    </>
  );
}
