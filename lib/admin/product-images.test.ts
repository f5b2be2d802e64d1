import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditLog, productImage } from "@/db/schema";
import { createProduct, staffActor } from "@/test/factories";
import { imageResponse } from "../images/serve";
import { imageStore, imageUrl } from "../images/store";
import { addProductImages, imageTypeOf, MAX_IMAGE_BYTES, moveProductImage, removeProductImage } from "./product-images";

const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const WEBP = [...Buffer.from("RIFF"), 0x24, 0, 0, 0, ...Buffer.from("WEBPVP8 ")];

/** A file that starts with `signature`, padded to `size` bytes with a marker so each one hashes differently. */
function file(name: string, signature: number[], { type = "", size = 64, marker = name } = {}) {
  const bytes = Buffer.alloc(Math.max(size, signature.length + marker.length));
  Buffer.from(signature).copy(bytes);
  Buffer.from(marker).copy(bytes, signature.length);
  return new File([bytes], name, { type });
}

const audits = (productId: number) =>
  db.select().from(auditLog).where(and(eq(auditLog.entityType, "product"), eq(auditLog.entityId, String(productId)))).orderBy(auditLog.id);

async function productWithColours() {
  return createProduct([{ size: "M", color: "Black", quantity: 1 }, { size: "M", color: "White", quantity: 1 }]);
}

describe("checking that an upload is a photo", () => {
  it("knows JPEG, PNG and WebP by their first bytes, and nothing else", () => {
    expect(imageTypeOf(Uint8Array.from([...JPEG, 1, 2]))).toBe("image/jpeg");
    expect(imageTypeOf(Uint8Array.from([...PNG, 1, 2]))).toBe("image/png");
    expect(imageTypeOf(Uint8Array.from(WEBP))).toBe("image/webp");
    expect(imageTypeOf(Buffer.from("GIF89a....."))).toBeNull();
    expect(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(imageTypeOf(Buffer.from("RIFF\x24\0\0\0WAVEfmt "))).toBeNull();
    expect(imageTypeOf(Uint8Array.from([0xff, 0xd8]))).toBeNull();
    expect(imageTypeOf(new Uint8Array())).toBeNull();
  });

  it("refuses an SVG, a page renamed to .png, an empty file and one over 5 MB — naming each — and stores none of the batch", async () => {
    const staff = await staffActor();
    const p = await productWithColours();
    const files = [
      file("good.jpg", JPEG, { type: "image/jpeg" }),
      new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], "logo.svg", { type: "image/svg+xml" }),
      new File(["<html><script>alert(1)</script></html>"], "photo.png", { type: "image/png" }),
      new File([], "empty.webp", { type: "image/webp" }),
      file("huge.png", PNG, { type: "image/png", size: MAX_IMAGE_BYTES + 1 }),
    ];

    const result = await addProductImages(staff, { productId: p.id, color: null, alt: "", files });

    expect(result).toMatchObject({ ok: false, fieldErrors: { photos: [
      "logo.svg is an SVG drawing, which is not accepted (it can carry scripts): upload a JPEG, PNG or WebP photo.",
      "photo.png is not a JPEG, PNG or WebP photo.",
      "empty.webp is empty.",
      "huge.png is 5.1 MB; a photo can be at most 5 MB.",
    ] } });
    expect(await imageStore.list(p.id)).toEqual([]);
    expect(await audits(p.id)).toEqual([]);
  });

  it("takes a photo of exactly 5 MB, and asks for at least one and at most five at a time", async () => {
    const staff = await staffActor();
    const p = await productWithColours();
    const upload = (files: FormDataEntryValue[]) => addProductImages(staff, { productId: p.id, color: null, alt: "", files });

    expect(await upload([file("max.jpg", JPEG, { size: MAX_IMAGE_BYTES })])).toMatchObject({ ok: true });
    // An empty file input still posts one nameless, empty file.
    expect(await upload([new File([], "", { type: "application/octet-stream" })])).toEqual({
      ok: false, message: "Choose at least one photo.", fieldErrors: { photos: ["Choose at least one photo."] },
    });
    expect(await upload(Array.from({ length: 6 }, (_, i) => file(`p${i}.png`, PNG)))).toMatchObject({
      ok: false, fieldErrors: { photos: ["Upload at most 5 photos at a time."] },
    });
    expect(await upload(["not a file"])).toMatchObject({ ok: false, fieldErrors: { photos: ["Choose at least one photo."] } });
    expect((await imageStore.list(p.id)).map((i) => i.bytes)).toEqual([MAX_IMAGE_BYTES]);
  });
});

describe("a product's photos", () => {
  it("stores photos per colour or for every colour, in upload order, with the checked type, and audits each", async () => {
    const staff = await staffActor();
    const p = await productWithColours();

    // The declared type is ignored: this PNG claims to be a JPEG.
    expect(await addProductImages(staff, { productId: p.id, color: "Black", alt: "", files: [file("front.jpg", PNG, { type: "image/jpeg" }), file("back.webp", WEBP)] }))
      .toEqual({ ok: true, message: "Added 2 photos for Black." });
    expect(await addProductImages(staff, { productId: p.id, color: null, alt: "Folded on a shelf", files: [file("all.jpg", JPEG)] }))
      .toEqual({ ok: true, message: "Added 1 photo for every colour." });
    expect(await addProductImages(staff, { productId: p.id, color: "Purple", alt: "", files: [file("x.jpg", JPEG)] })).toMatchObject({
      ok: false, fieldErrors: { color: ["Choose one of this product's colours, or every colour."] },
    });

    const images = await imageStore.list(p.id);
    expect(images.map((i) => [i.color, i.position, i.contentType, i.alt])).toEqual([
      [null, 0, "image/jpeg", "Folded on a shelf"],
      ["Black", 0, "image/png", `${p.name}, Black`],
      ["Black", 1, "image/webp", `${p.name}, Black`],
    ]);
    const front = images[1];
    if (!front) throw new Error("photo missing");
    const stored = await imageStore.get(front.id);
    expect(stored?.sha256).toBe(createHash("sha256").update(stored?.data ?? "").digest("hex"));
    expect(front.sha256).toBe(stored?.sha256);

    const audit = await audits(p.id);
    expect(audit.map((a) => a.action)).toEqual(["add photo", "add photo", "add photo"]);
    expect(audit[0]).toMatchObject({ staffUserId: staff.id, after: { imageId: front.id, color: "Black", contentType: "image/png", bytes: 64, sha256: front.sha256 } });
  });

  it("moves a photo within its colour and removes one, auditing both", async () => {
    const staff = await staffActor();
    const p = await productWithColours();
    await addProductImages(staff, { productId: p.id, color: "White", alt: "", files: ["a", "b", "c"].map((n) => file(`${n}.png`, PNG)) });
    await addProductImages(staff, { productId: p.id, color: "Black", alt: "", files: [file("d.png", PNG)] });
    const white = async () => (await imageStore.list(p.id)).filter((i) => i.color === "White").map((i) => i.sha256);
    const [a, b, c] = (await imageStore.list(p.id)).filter((i) => i.color === "White");
    if (!a || !b || !c) throw new Error("photos missing");

    expect(await moveProductImage(staff, { imageId: c.id, direction: "earlier" })).toEqual({ ok: true, message: "Moved the photo to place 2 of 3." });
    expect(await white()).toEqual([a.sha256, c.sha256, b.sha256]);
    expect(await moveProductImage(staff, { imageId: a.id, direction: "earlier" })).toEqual({ ok: true, message: "That photo is already first." });
    expect(await moveProductImage(staff, { imageId: a.id, direction: "later" })).toMatchObject({ ok: true });
    expect(await white()).toEqual([c.sha256, a.sha256, b.sha256]);

    expect(await removeProductImage(staff, { imageId: a.id })).toEqual({ ok: true, message: "Removed the photo." });
    expect(await white()).toEqual([c.sha256, b.sha256]);
    expect((await imageStore.list(p.id)).filter((i) => i.color === "Black")).toHaveLength(1);
    expect(await removeProductImage(staff, { imageId: a.id })).toEqual({ ok: false, message: "That photo no longer exists." });
    expect(await moveProductImage(staff, { imageId: a.id, direction: "later" })).toEqual({ ok: false, message: "That photo no longer exists." });

    const audit = await audits(p.id);
    expect(audit.map((x) => x.action).slice(4)).toEqual(["move photo", "move photo", "remove photo"]);
    expect(audit[4]).toMatchObject({ before: { imageId: c.id, color: "White", place: 3 }, after: { imageId: c.id, color: "White", place: 2 } });
    expect(audit[6]).toMatchObject({ before: { imageId: a.id, color: "White", sha256: a.sha256 }, after: null });
  });

  it("two uploads at once for one colour get distinct places", async () => {
    const staff = await staffActor();
    const p = await productWithColours();
    await Promise.all(["x", "y", "z"].map((n) => addProductImages(staff, { productId: p.id, color: "Black", alt: "", files: [file(`${n}.png`, PNG)] })));
    expect((await imageStore.list(p.id)).map((i) => i.position).sort()).toEqual([0, 1, 2]);
  });
});

describe("serving a photo", () => {
  async function storedPhoto(upload: File = file("shirt.webp", WEBP)) {
    const p = await productWithColours();
    await addProductImages(await staffActor(), { productId: p.id, color: null, alt: "", files: [upload] });
    const [image] = await imageStore.list(p.id);
    if (!image) throw new Error("photo missing");
    return image;
  }

  /** A real 1000 × 1250 JPEG, as a phone would upload it. */
  async function cameraPhoto() {
    const jpeg = await sharp({ create: { width: 1000, height: 1250, channels: 3, background: "#2b3a55" } }).jpeg({ quality: 95 }).toBuffer();
    return storedPhoto(new File([new Uint8Array(jpeg)], "camera.jpg", { type: "image/jpeg" }));
  }

  // Any width, not only those sizedPhotoUrl offers: the route must refuse the others.
  const sized = (image: { id: string; sha256: string }, width: number | string) =>
    imageResponse(image.id, new URL(`${imageUrl(image)}&w=${width}`, "http://shop.test").searchParams, null);

  it("serves a photo at each page width as WebP, never wider than uploaded, cached for good under its hashed URL", async () => {
    const image = await cameraPhoto();
    for (const width of [240, 480, 800]) {
      const response = await sized(image, width);
      expect(response.status).toBe(200);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        "content-type": "image/webp", "cache-control": "public, max-age=31536000, immutable", etag: `"${image.sha256}-${width}"`,
      });
      const body = Buffer.from(await response.arrayBuffer());
      expect(await sharp(body).metadata()).toMatchObject({ format: "webp", width, height: width * 1.25 });
      expect(body.length).toBeLessThan(image.bytes);
    }
    expect((await sharp(Buffer.from(await (await sized(image, 1200)).arrayBuffer())).metadata()).width).toBe(1000);
    const unchanged = await imageResponse(image.id, new URLSearchParams("w=480"), `"${image.sha256}-480"`);
    expect(unchanged.status).toBe(304);
  });

  it("refuses a width pages do not ask for, and serves a photo it cannot resize as uploaded", async () => {
    const image = await cameraPhoto();
    for (const width of ["100", "480px", "1e3", ""]) {
      const response = await sized(image, width);
      expect(response.status).toBe(400);
      expect(await response.text()).toBe("A photo is served 240, 480, 800, 1200 pixels wide, or as uploaded (no w).");
    }
    const unreadable = await storedPhoto();
    const response = await sized(unreadable, 480);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(Number(response.headers.get("content-length"))).toBe(unreadable.bytes);
  });

  it("serves the bytes with their checked type, never sniffed, cached for good under its hashed URL", async () => {
    const image = await storedPhoto();
    const url = new URL(imageUrl(image), "http://shop.test");
    expect(url.pathname).toBe(`/images/${image.id}`);

    const response = await imageResponse(image.id, url.searchParams, null);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/webp",
      "x-content-type-options": "nosniff",
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${image.sha256}"`,
      "content-length": String(image.bytes),
    });
    const [row] = await db.select({ data: productImage.data }).from(productImage).where(eq(productImage.id, image.id));
    expect(Buffer.from(await response.arrayBuffer()).equals(row?.data ?? Buffer.alloc(0))).toBe(true);
  });

  it("without the photo's hash in the URL, it is checked each time, and an unchanged photo answers 304", async () => {
    const image = await storedPhoto();
    const stale = await imageResponse(image.id, new URLSearchParams("v=0123456789abcdef"), null);
    expect(stale.headers.get("cache-control")).toBe("public, no-cache");
    const unchanged = await imageResponse(image.id, new URLSearchParams(), `"${image.sha256}"`);
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");
  });

  it.each(["00000000-0000-4000-8000-000000000000", "not-a-uuid", "1", "' or 1=1 --", ""])("answers 404 for the id %j", async (id) => {
    const response = await imageResponse(id, new URLSearchParams(), null);
    expect(response.status).toBe(404);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
