import Link from "next/link";
import type { OrderFilters } from "@/lib/admin/orders";
import { TextField } from "../text-field";
import { FULFILMENT_OPTIONS, ORDER_STATUS_OPTIONS } from "./order-labels";

type Option = { value: string; label: string };

function SelectField({ name, label, options, value }: { name: string; label: string; options: Option[]; value?: string }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        <option value="">Any</option>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </div>
  );
}

/** The order list's filters: a plain GET form, so a filtered list is a link staff can share. */
export function OrderFiltersForm({ filters }: { filters: OrderFilters }) {
  return (
    <form method="get" action="/admin/orders" className="admin-panel admin-form admin-form--inline" role="search" aria-label="Filter orders">
      <TextField name="q" label="Order number or email" type="search" defaultValue={filters.q ?? ""} maxLength={254} />
      <SelectField name="status" label="Payment" options={ORDER_STATUS_OPTIONS} value={filters.status} />
      <SelectField name="fulfilment" label="Fulfilment" options={FULFILMENT_OPTIONS} value={filters.fulfilment} />
      <TextField name="from" label="Placed from" type="date" defaultValue={filters.from ?? ""} />
      <TextField name="to" label="Placed to" type="date" defaultValue={filters.to ?? ""} />
      <div className="admin-form__actions">
        <button type="submit" className="button">Filter</button>
        <Link href="/admin/orders" className="button button--ghost">Clear</Link>
      </div>
    </form>
  );
}
