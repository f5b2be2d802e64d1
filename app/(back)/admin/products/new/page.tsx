import type { Metadata } from "next";
import Link from "next/link";
import { ProductForm } from "@/components/admin/product-form";
import { allCategories } from "@/lib/admin/products";
import { requireStaff } from "@/lib/staff";
import { createProductAction } from "./actions";
import "../products.css";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  await requireStaff();
  return (
    <>
      <p className="breadcrumb"><Link href="/admin/products">Products</Link> / New</p>
      <div className="admin-head"><h1>New product</h1></div>
      <section className="admin-panel admin-narrow" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <p className="muted">Once it is saved, add its sizes and colours with their units, and its photos.</p>
        <ProductForm action={createProductAction} categories={await allCategories()} submitLabel="Create product" />
      </section>
    </>
  );
}
