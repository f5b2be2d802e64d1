import type { Metadata } from "next";
import { AuditTrail } from "@/components/admin/audit-trail";
import { ShippingRatesForm } from "@/components/admin/shipping-form";
import { auditTrail } from "@/lib/audit";
import { shippingRates, SHIPPING_AUDIT } from "@/lib/delivery/shipping-settings";
import { requireStaff } from "@/lib/staff";
import { saveShippingRatesAction } from "./actions";

export const metadata: Metadata = { title: "Shipping" };

export default async function ShippingSettingsPage() {
  await requireStaff();
  const [rates, audit] = await Promise.all([shippingRates(), auditTrail(SHIPPING_AUDIT.entityType, SHIPPING_AUDIT.entityId)]);
  return (
    <>
      <div className="admin-head"><h1>Shipping</h1></div>
      <p className="muted">
        Checkout charges a flat rate by the zone of the province the order ships to, and nothing when the items reach the
        free-shipping amount. Confirmed orders keep the shipping they were charged; the next order uses what you save here.
      </p>
      <section className="admin-panel" aria-labelledby="rates-heading">
        <h2 id="rates-heading">Rates</h2>
        <ShippingRatesForm action={saveShippingRatesAction} rates={rates} />
      </section>
      <section className="admin-panel" aria-labelledby="changes-heading">
        <h2 id="changes-heading">Changes by staff</h2>
        <AuditTrail entries={audit} />
      </section>
    </>
  );
}
