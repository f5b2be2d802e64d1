import { inArray } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { imageTypeOf } from "@/lib/admin/product-images";
import { getProduct } from "@/lib/catalog";
import { photosOfColor } from "@/lib/product-photos";
import { demoCatalog, demoColors } from "./catalog-data";
import { db } from "./client";
import { closeUp, demoPhotos, isShadeOf, recolor, shadeFor } from "./demo-photos";
import { product } from "./schema";
import { seedCatalog } from "./seed";

const DRAWING = `<svg viewBox="0 0 800 1000"><rect fill="#dfe7ee"/><circle fill="#d2dae1"/><ellipse fill="#1f1d24" filter="url(#s)"/><path fill="#f7f5f0"/><path fill="#dbd9d5"/><circle fill="#b98b3e"/></svg>`;

describe("re-colouring a drawing", () => {
  it("tells a garment's shades from its details", () => {
    expect(isShadeOf("#31416f", "#34477a")).toBe(true); // darker indigo
    expect(isShadeOf("#b98b3e", "#34477a")).toBe(false); // a copper button on indigo
    expect(isShadeOf("#dbd9d5", "#f7f5f0")).toBe(true); // a grey fold on white
    expect(isShadeOf("#2b3654", "#f7f5f0")).toBe(false); // a navy stripe on white
  });

  it("paints the garment and its shades in the new colour, keeping the background, the shadow and the details", () => {
    const navy = recolor(DRAWING, "#f7f5f0", "#2b3654");
    expect(navy).toContain('<path fill="#2b3654"/>');
    expect(navy).not.toContain("#f7f5f0");
    expect(navy).not.toContain("#dbd9d5");
    for (const kept of ["#dfe7ee", "#d2dae1", "#1f1d24", "#b98b3e"]) expect(navy).toContain(kept);
  });

  it("keeps a fold darker than the cloth on any colour, light or dark", () => {
    const lightness = (hex: string) => parseInt(hex.slice(1, 3), 16) + parseInt(hex.slice(3, 5), 16) + parseInt(hex.slice(5, 7), 16);
    for (const target of Object.values(demoColors)) {
      expect(lightness(shadeFor("#dbd9d5", "#f7f5f0", target))).toBeLessThan(lightness(target));
      expect(shadeFor("#f7f5f0", "#f7f5f0", target)).toBe(target);
    }
  });

  it("zooms the close-up in twice, never past the drawing's edge", () => {
    expect(closeUp(DRAWING, [400, 330])).toContain('viewBox="200 80 400 500"');
    expect(closeUp(DRAWING, [10, 990])).toContain('viewBox="0 500 400 500"');
  });
});

describe("the demo catalog's photos", () => {
  it("names a shade for every colour the catalog sells", () => {
    const colors = new Set(demoCatalog.flatMap((p) => p.variants.map((v) => v.color)));
    expect([...colors].filter((color) => !demoColors[color])).toEqual([]);
  });

  it("draws three photos of a colour — front, close-up, fabric — as real 800 × 1000 images, described for screen readers", async () => {
    const tee = demoCatalog.find((p) => p.slug === "classic-tee");
    if (!tee) throw new Error("no classic tee");
    const photos = await demoPhotos(tee, "Navy");
    expect(photos.map((p) => [p.view, p.alt, p.contentType])).toEqual([
      ["front", "Classic Cotton Tee in Navy, front", "image/png"],
      ["close-up", "Classic Cotton Tee in Navy, close-up", "image/png"],
      ["fabric", "Classic Cotton Tee in Navy, fabric", "image/jpeg"],
    ]);
    for (const photo of photos) {
      expect(imageTypeOf(photo.data)).toBe(photo.contentType);
      expect(await sharp(photo.data).metadata()).toMatchObject({ width: 800, height: 1000 });
    }
    // The navy garment is navy: the middle of the front photo is the catalog's navy.
    const { data } = await sharp(photos[0]?.data).extract({ left: 400, top: 600, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    expect(`#${[...data.subarray(0, 3)].map((c) => c.toString(16).padStart(2, "0")).join("")}`).toBe(demoColors.Navy);
  });

  it("are seeded with the catalog: every colour of every product opens on its own front photo", { timeout: 180_000 }, async () => {
    const slugs = demoCatalog.map((p) => p.slug);
    try {
      const seeded = await seedCatalog();
      expect(seeded.photos).toBe(demoCatalog.reduce((sum, p) => sum + new Set(p.variants.map((v) => v.color)).size * 3, 0));
      for (const demo of demoCatalog) {
        const found = await getProduct(demo.slug);
        for (const color of new Set(demo.variants.map((v) => v.color))) {
          expect(photosOfColor(found?.photos ?? [], color).map((p) => p.alt)).toEqual(
            ["front", "close-up", "fabric"].map((view) => `${demo.name} in ${color}, ${view}`),
          );
        }
      }
    } finally {
      // Other test files count what is on sale; the demo catalog leaves with its photos, variants and ledger.
      await db.delete(product).where(inArray(product.slug, slugs));
    }
  });
});
