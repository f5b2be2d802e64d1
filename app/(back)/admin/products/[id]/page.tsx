import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AuditTrail } from "@/components/admin/audit-trail";
import { PhotoUploadForm } from "@/components/admin/photo-upload-form";
import { ProductForm } from "@/components/admin/product-form";
import { ProductPhotos } from "@/components/admin/product-photos";
import { VariantForm } from "@/components/admin/variant-form";
import { VariantTable } from "@/components/admin/variant-table";
import { allCategories, photoGroups, productFormValues, productForStaff, productHistory } from "@/lib/admin/products";
import { databaseIdField } from "@/lib/forms";
import { requireStaff } from "@/lib/staff";
import { addVariantAction, movePhotoAction, removePhotoAction, updateProductAction, updateVariantAction, uploadPhotosAction } from "./actions";
import "../products.css";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const load = cache(async (id: string) => {
  await requireStaff();
  const parsed = databaseIdField.safeParse(id);
  const found = parsed.success ? await productForStaff(parsed.data) : null;
  return found ?? notFound();
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await load((await params).id)).name };
}

export default async function ProductAdminPage({ params, searchParams }: Props) {
  const found = await load((await params).id);
  const { variant } = await searchParams;
  const editing = found.variants.find((v) => String(v.id) === variant);
  const [categories, history] = await Promise.all([allCategories(), productHistory(found)]);
  const isOnSale = found.isActive && found.variants.some((v) => v.isActive);
  return (
    <>
      <p className="breadcrumb"><Link href="/admin/products">Products</Link> / {found.name}</p>
      <div className="admin-head">
        <h1>{found.name}</h1>
        {isOnSale ? <Link href={`/products/${found.slug}`}>View in the shop</Link> : <span className="admin-pill">Hidden from the shop</span>}
      </div>
      <div className="admin-product">
        <section className="admin-panel" aria-labelledby="details-heading">
          <h2 id="details-heading">Details</h2>
          <ProductForm action={updateProductAction} productId={found.id} values={productFormValues(found)} categories={categories} submitLabel="Save product" />
        </section>
        <section className="admin-panel" aria-labelledby="photos-heading">
          <h2 id="photos-heading">Photos</h2>
          <ProductPhotos groups={photoGroups(found)} moveAction={movePhotoAction} removeAction={removePhotoAction} />
          <div className="admin-subpanel">
            <h3>Upload photos</h3>
            <PhotoUploadForm action={uploadPhotosAction} productId={found.id} colors={found.colors} />
          </div>
        </section>
        <section className="admin-panel admin-product__wide" aria-labelledby="variants-heading">
          <h2 id="variants-heading">Sizes and colours</h2>
          <VariantTable productId={found.id} variants={found.variants} editingId={editing?.id} />
          <div id="variant-form" className="admin-subpanel">
            <h3>{editing ? `Edit ${editing.size}, ${editing.color}` : "Add a size and colour"}</h3>
            {editing
              ? <><VariantForm key={editing.id} mode="edit" action={updateVariantAction} variant={editing} /><Link href={`/admin/products/${found.id}`}>Done editing</Link></>
              : <VariantForm mode="add" action={addVariantAction} productId={found.id} />}
          </div>
        </section>
        <section className="admin-panel admin-product__wide" aria-labelledby="history-heading">
          <h2 id="history-heading">History</h2>
          <AuditTrail entries={history} />
        </section>
      </div>
    </>
  );
}
