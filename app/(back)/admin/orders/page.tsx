import type { Metadata } from "next";
import Link from "next/link";
import { OrderFiltersForm } from "@/components/admin/order-filters";
import { OrdersTable } from "@/components/admin/orders-table";
import { listOrdersForStaff, parseOrderFilters, type OrderFilters } from "@/lib/admin/orders";
import { requireStaff } from "@/lib/staff";

export const metadata: Metadata = { title: "Orders" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTER_KEYS = ["q", "status", "fulfilment", "from", "to"] as const;

/** The same filters with another page's cursor. */
function pageHref(filters: OrderFilters, cursor: "after" | "before", orderId: number): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) query.set(key, String(filters[key]));
  query.set(cursor, String(orderId));
  return `/admin/orders?${query}`;
}

export default async function AdminOrdersPage({ searchParams }: Props) {
  await requireStaff();
  const { filters, notices } = parseOrderFilters(await searchParams);
  const page = await listOrdersForStaff(filters);
  const isFiltered = FILTER_KEYS.some((key) => filters[key]);
  return (
    <>
      <div className="admin-head"><h1>Orders</h1></div>
      <OrderFiltersForm filters={filters} />
      {notices.length > 0 ? (
        <div className="notice notice--warn" role="status"><ul>{notices.map((notice) => <li key={notice}>{notice}</li>)}</ul></div>
      ) : null}
      {page.orders.length === 0 ? (
        <p className="admin-panel">No orders match. <Link href="/admin/orders">Show all orders</Link></p>
      ) : (
        <OrdersTable orders={page.orders} caption={isFiltered ? "Orders matching the filters, newest first" : "All orders, newest first"} />
      )}
      <nav className="admin-pager" aria-label="Pages of orders">
        {page.newerCursor ? <Link href={pageHref(filters, "before", page.newerCursor)} rel="prev">← Newer orders</Link> : <span />}
        {page.olderCursor ? <Link href={pageHref(filters, "after", page.olderCursor)} rel="next">Older orders →</Link> : null}
      </nav>
    </>
  );
}
