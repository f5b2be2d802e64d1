import type { Metadata } from "next";
import Link from "next/link";
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
  return (
    <>
      <div className="admin-head">
        <h1>Back office</h1>
        <p className="muted">Signed in as {staff.email}</p>
      </div>
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
