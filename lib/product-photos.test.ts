import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { emailOutbox, orderItem } from "@/db/schema";
import { addPhotos, createProduct, guest, staffActor } from "@/test/factories";
import { enqueuePurchaseEmailOf } from "@/test/orders";
import { removeProductImage } from "./admin/product-images";
import { addToCart, getCart } from "./cart";
import { getProduct } from "./catalog";
import { env } from "./env";
import { orderAccessToken } from "./order-access";
import { getOrderForViewer } from "./orders";
import { confirmed, startMercadoPagoForTests } from "./payments/test-support";
import { galleryFor, photosOfColor, type ProductPhoto } from "./product-photos";

const mercadoPago = startMercadoPagoForTests();

const photo = (color: string | null, n: number): ProductPhoto => ({ url: `/images/${color ?? "any"}-${n}`, alt: `${color ?? "any"} ${n}`, color });
const drawing: ProductPhoto = { url: "/products/classic-tee.svg", alt: "Tee", color: null };

describe("which photos a colour shows", () => {
  const navy = [photo("Navy", 1), photo("Navy", 2)];
  const white = [photo("White", 1)];
  const shared = [photo(null, 1)];

  it("shows the colour's own photos first, then those shared by every colour", () => {
    const all = [...shared, ...navy, ...white];
    expect(photosOfColor(all, "Navy")).toEqual([...navy, ...shared]);
    expect(galleryFor(all, "Navy", drawing)).toEqual({ photos: [...navy, ...shared], shownColor: null });
  });

  it("falls back to the shared photos, then to another colour's (saying which), then to the product's own image", () => {
    expect(galleryFor([...shared, ...white], "Navy", drawing)).toEqual({ photos: shared, shownColor: null });
    expect(galleryFor([...navy, ...white], "Black", drawing)).toEqual({ photos: navy, shownColor: "Navy" });
    expect(galleryFor([], "Navy", drawing)).toEqual({ photos: [drawing], shownColor: null });
  });

  it("reads a product's photos with the page, each with the text that describes it", async () => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 2 }, { size: "M", color: "White", quantity: 2 }]);
    const [navyFront] = await addPhotos(p.id, "Navy", 2);
    await addPhotos(p.id, null, 1);
    const found = await getProduct(p.slug);
    expect(found?.photos).toHaveLength(3);
    expect(photosOfColor(found?.photos ?? [], "Navy")).toEqual([
      { url: navyFront, alt: "Navy photo 1", color: "Navy" },
      expect.objectContaining({ alt: "Navy photo 2", color: "Navy" }),
      expect.objectContaining({ alt: "Any photo 1", color: null }),
    ]);
  });
});

describe("the bought colour's photo", () => {
  it("is the picture of each cart line: its colour's first photo, else a shared one, else the product's image", async () => {
    const p = await createProduct([
      { size: "M", color: "Navy", quantity: 5 }, { size: "M", color: "White", quantity: 5 }, { size: "M", color: "Red", quantity: 5 },
    ]);
    const other = await createProduct([{ size: "S", color: "Black", quantity: 5 }]);
    const [navy] = await addPhotos(p.id, "Navy", 2);
    const [shared] = await addPhotos(p.id, null, 1);
    const [red] = await addPhotos(p.id, "Red", 1);
    const owner = guest();
    for (const v of [...p.variants, ...other.variants]) await addToCart(owner, v.id, 1);
    const cart = await getCart(owner);
    const imageOf = (color: string) => cart?.lines.find((l) => l.color === color)?.image;
    expect(imageOf("Navy")).toBe(navy);
    expect(imageOf("White")).toBe(shared);
    expect(imageOf("Red")).toBe(red);
    expect(imageOf("Black")).toBe("/products/classic-tee.svg");
  });

  it("is kept with the order, sent to Mercado Pago, shown on the order page and put in the purchase email as an absolute URL", async () => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 5 }, { size: "M", color: "White", quantity: 5 }]);
    await addPhotos(p.id, "White", 1);
    const [navy] = await addPhotos(p.id, "Navy", 1);
    const owner = guest();
    const variant = p.variants.find((v) => v.color === "Navy");
    if (!variant || !navy) throw new Error("setup failed");
    await addToCart(owner, variant.id, 1);
    const result = await confirmed(owner);

    const [item] = await db.select().from(orderItem).where(eq(orderItem.orderId, result.orderId));
    expect(item?.image).toBe(navy);
    const preference = mercadoPago().standIn.preferences().find((pref) => pref.external_reference === result.paymentId);
    expect(preference?.items?.[0]?.picture_url).toBe(`${env().appUrl}${navy}`);

    const shown = await getOrderForViewer(result.orderId, { token: orderAccessToken(result.orderId) });
    expect(shown?.lines.map((l) => l.image)).toEqual([navy]);

    await db.transaction((tx) => enqueuePurchaseEmailOf(tx, result.orderId));
    const [email] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, result.orderId));
    // Ready-sized for the email's 64-pixel picture (the & escaped in the attribute).
    expect(email?.html).toContain(`<img src="${env().appUrl}${navy}&amp;w=240" alt="${p.name} in Navy" width="64" height="80"`);
  });

  it("shows on the order page as the colour's photo today, so a replaced photo never leaves a broken picture", async () => {
    const p = await createProduct([{ size: "M", color: "Navy", quantity: 5 }]);
    const [first] = await addPhotos(p.id, "Navy", 1);
    const owner = guest();
    await addToCart(owner, p.variants[0]?.id ?? 0, 1);
    const result = await confirmed(owner);
    const [item] = await db.select().from(orderItem).where(eq(orderItem.orderId, result.orderId));
    expect(item?.image).toBe(first);

    const [replacement] = await addPhotos(p.id, "Navy", 1);
    const imageId = /^\/images\/([^?]+)/.exec(first ?? "")?.[1] ?? "";
    expect(await removeProductImage(await staffActor(), { imageId })).toMatchObject({ ok: true });
    const shown = await getOrderForViewer(result.orderId, { token: orderAccessToken(result.orderId) });
    expect(shown?.lines.map((l) => l.image)).toEqual([replacement]);
  });
});
