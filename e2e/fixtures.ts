import { createHash, randomBytes } from "node:crypto";
import { test as base, expect } from "@playwright/test";
import { Pool } from "pg";
import sharp from "sharp";
import { e2eDatabaseUrl } from "./ports";

type Variant = { id: number; size: string; color: string; quantity: number };
type TestProduct = { id: number; slug: string; name: string; variants: Variant[] };

type Fixtures = {
  /** Creates a product of this test's own, so parallel tests never share stock. */
  createProduct: (variants: Array<{ size: string; color: string; quantity: number }>, priceMinor?: number) => Promise<TestProduct>;
  /** Sets a variant's units on hand behind the shopper's back, as a stocktake would (through the ledger). */
  setStock: (variantId: number, quantity: number) => Promise<void>;
  stockOf: (variantId: number) => Promise<number>;
  /** Stores `count` photos of a product's colour (a flat tint each, 800 × 1000 PNG), as the back office does; their URLs, in order. */
  addPhotos: (productId: number, color: string, count: number) => Promise<string[]>;
  database: Pool;
  /**
   * Content Security Policy violations the test's pages reported. Any still
   * listed when the test ends fails it; a test that provokes one on purpose
   * checks it and clears it.
   */
  cspViolations: { list(): string[]; clear(): void };
};

// Chromium logs each violation as a console error; the event catches those its message wording might not.
const CSP_MESSAGE = /Content Security Policy/i;
function reportViolations(): void {
  document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`Content Security Policy violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
  });
}

export const test = base.extend<Fixtures, { pool: Pool }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.addInitScript(reportViolations);
      context.on("console", (message) => {
        if (message.type() === "error" && CSP_MESSAGE.test(message.text())) violations.push(`${message.location().url}: ${message.text()}`);
      });
      await use({ list: () => [...violations], clear: () => void violations.splice(0) });
      expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  pool: [
    async ({}, use) => {
      const pool = new Pool({ connectionString: e2eDatabaseUrl(), max: 2 });
      await use(pool);
      await pool.end();
    },
    { scope: "worker" },
  ],
  database: async ({ pool }, use) => use(pool),
  createProduct: async ({ pool }, use) => {
    const created: number[] = [];
    await use(async (variants, priceMinor = 2_500_000) => {
      const slug = `e2e-${randomBytes(5).toString("hex")}`;
      const name = `Field Tee ${slug.slice(4, 8).toUpperCase()}`;
      const { rows } = await pool.query<{ id: number }>(
        `insert into product (slug, name, description, category, price_minor, image)
         values ($1, $2, 'A sturdy cotton tee made for the end-to-end tests.', 'T-shirts', $3, '/products/classic-tee.svg') returning id`,
        [slug, name, priceMinor],
      );
      const productId = rows[0]?.id;
      if (productId === undefined) throw new Error("product not created");
      created.push(productId);
      const inserted: Variant[] = [];
      for (const v of variants) {
        // The stock ledger opens with the units, as the seed and the back office do
        // (a variant created empty has nothing to open with).
        const result = await pool.query<Variant>(
          `with created as (
             insert into item_stock (product_id, size, color, quantity) values ($1, $2, $3, $4) returning id, size, color, quantity
           ), opened as (
             insert into stock_movement (item_stock_id, delta, quantity_after, reason, note)
             select id, quantity, quantity, 'count', 'Opening balance' from created where quantity <> 0
           )
           select * from created`,
          [productId, v.size, v.color, v.quantity],
        );
        if (result.rows[0]) inserted.push(result.rows[0]);
      }
      return { id: productId, slug, name, variants: inserted };
    });
    // Products stay: orders made in the test point at them.
  },
  setStock: async ({ pool }, use) => {
    await use(async (variantId, quantity) => {
      await pool.query(
        `with counted as (
           update item_stock s set quantity = $2 from (select id, quantity from item_stock where id = $1 for update) before
           where s.id = before.id returning s.id, s.quantity, before.quantity as was
         )
         insert into stock_movement (item_stock_id, delta, quantity_after, reason, note)
         select id, quantity - was, quantity, 'count', 'End-to-end stocktake' from counted`,
        [variantId, quantity],
      );
    });
  },
  stockOf: async ({ pool }, use) => {
    await use(async (variantId) => {
      const { rows } = await pool.query<{ quantity: number }>("select quantity from item_stock where id = $1", [variantId]);
      return rows[0]?.quantity ?? -1;
    });
  },
  addPhotos: async ({ pool }, use) => {
    await use(async (productId, color, count) => {
      const urls: string[] = [];
      for (let i = 0; i < count; i++) {
        const data = await sharp({ create: { width: 800, height: 1000, channels: 3, background: { r: 30 + 60 * i, g: 60, b: 110 } } }).png().toBuffer();
        const sha256 = createHash("sha256").update(data).digest("hex");
        const { rows } = await pool.query<{ id: string }>(
          `insert into product_image (product_id, color, position, content_type, data, sha256, alt)
           values ($1, $2, $3, 'image/png', $4, $5, $6) returning id`,
          [productId, color, i, data, sha256, `Field Tee in ${color}, view ${i + 1}`],
        );
        urls.push(`/images/${rows[0]?.id}?v=${sha256.slice(0, 16)}`);
      }
      return urls;
    });
  },
});

export { expect };
