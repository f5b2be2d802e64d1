import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { AddToCartForm } from "@/components/add-to-cart-form";
import { availabilityLabel, formatMoney } from "@/components/format";
import { VariantPicker } from "@/components/variant-picker";
import { getProduct, type ProductDetail } from "@/lib/catalog";
import { addToCartAction } from "./actions";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// Metadata and the page read the same product once per request.
const loadProduct = cache(getProduct);

const choiceSchema = z.object({
  color: z.string().max(40).optional().catch(undefined),
  size: z.string().max(20).optional().catch(undefined),
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await loadProduct((await params).slug);
  return found ? { title: found.name, description: found.description } : { title: "Not found" };
}

/** The shopper's choice, else the first colour and size that are in stock. */
function choose(found: ProductDetail, asked: z.infer<typeof choiceSchema>) {
  const inStock = found.variants.filter((v) => v.available > 0);
  const color = found.variants.some((v) => v.color === asked.color) && asked.color ? asked.color : (inStock[0] ?? found.variants[0])?.color;
  const ofColor = found.variants.filter((v) => v.color === color);
  const variant = ofColor.find((v) => v.size === asked.size && v.available > 0) ?? ofColor.find((v) => v.available > 0) ?? null;
  return { color: color ?? "", variant };
}

export default async function ProductPage({ params, searchParams }: Props) {
  const found = await loadProduct((await params).slug);
  if (!found) notFound();
  const { color, variant } = choose(found, choiceSchema.parse(await searchParams));
  const available = variant?.available ?? 0;
  return (
    <>
      <p className="breadcrumb"><Link href="/">Shop</Link> / <Link href={`/?category=${encodeURIComponent(found.category)}`}>{found.category}</Link></p>
      <article className="product">
        <div className="product__image">
          {/* eslint-disable-next-line @next/next/no-img-element -- local SVG */}
          <img src={found.image} alt={found.name} width={800} height={1000} />
        </div>
        <div>
          <h1>{found.name}</h1>
          <p className="product__price">{formatMoney(found.priceMinor, found.currency)}</p>
          <p>{found.description}</p>
          <VariantPicker slug={found.slug} variants={found.variants} color={color} size={variant?.size ?? null} />
          <p className={`stock-note${available === 0 ? " stock-note--none" : available <= 3 ? " stock-note--low" : ""}`} data-testid="stock-note">
            {variant ? `${variant.size}, ${variant.color}: ${availabilityLabel(available)}` : `${color}: Sold out in every size`}
          </p>
          <AddToCartForm action={addToCartAction} variantId={variant?.id ?? null} available={available} />
        </div>
      </article>
    </>
  );
}
