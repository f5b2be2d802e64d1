import Link from "next/link";
import type { OrderRow } from "@/lib/admin/orders";
import { formatDate, formatMoney } from "../format";
import { FulfilmentPill, OrderStatusPill } from "./order-labels";

/** Orders as rows on a laptop and as cards on a phone. */
export function OrdersTable({ orders, caption }: { orders: OrderRow[]; caption: string }) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table admin-table--cards">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Buyer</th>
            <th scope="col" className="num">Total</th>
            <th scope="col">Payment</th>
            <th scope="col">Fulfilment</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <th scope="row"><Link href={`/admin/orders/${order.id}`}>#{order.id}</Link></th>
              <td data-label="Placed">{formatDate(order.createdAt)}</td>
              <td data-label="Buyer">{order.fullName}<br /><span className="muted">{order.email}</span></td>
              <td data-label="Total" className="num">{formatMoney(order.totalMinor, order.currency)}</td>
              <td data-label="Payment"><OrderStatusPill status={order.status} /></td>
              <td data-label="Fulfilment"><FulfilmentPill fulfilment={order.fulfilment} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
