import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, BrowserContext } from "@playwright/test";
import type { Pool } from "pg";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./ports";
import { signInAsStaff } from "./staff";

/**
 * The back office admits staff only: every page under /admin (found on disk)
 * is a 404 for a guest and a shopper, and every server action under
 * app/(back)/admin (found in the build's manifest) refuses them and changes nothing.
 * Staff reach each one, which proves the requests are the real ones.
 */

const REFUSED = "This action is not available.";

// The back office lives in the (back) route group, which is no part of its URLs.
const BACK = path.join("app", "(back)");

/** Route patterns of every admin page, from the files under app/(back)/admin. */
function adminPages(dir = path.join(BACK, "admin")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return adminPages(full);
    return entry.name === "page.tsx" ? [`/${path.relative(BACK, dir).split(path.sep).join("/")}`] : [];
  });
}

type Action = { id: string; name: string; page: string };

/** Every server action defined under app/(back)/admin, from the production build. */
function adminActions(): Action[] {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node)
    .filter(([, entry]) => entry.filename?.startsWith("app/(back)/admin/"))
    .map(([id, entry]) => ({ id, name: entry.exportedName ?? "", page: `/${(Object.keys(entry.workers)[0] ?? "").replace(/^app\/\(back\)\//, "").replace(/\/page$/, "")}` }));
}

type Samples = { variantId: number; productId: number; orderId: number; refundId: string; imageId: string };

/** What each dynamic segment is filled with: a real row, so staff get a 200 and others cannot hide behind a 404 for a missing one. */
function pageUrl(pattern: string, s: Samples): string {
  return pattern.replace(/\/(\w+)\/\[id\]/g, (_match, section: string) => {
    const ids: Record<string, string | number> = { stock: s.variantId, products: s.productId, orders: s.orderId, money: s.refundId };
    const id = ids[section];
    if (id === undefined) throw new Error(`No sample id for /admin/${section}/[id]: add one to e2e/admin-access.spec.ts`);
    return `/${section}/${id}`;
  });
}

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0f8d2f10000000049454e44ae426082", "hex");

/** A form that would change something if the guard let it through, per action. */
function sampleForm(name: string, s: Samples): Record<string, string | { name: string; mimeType: string; buffer: Buffer }> {
  const forms: Record<string, Record<string, string | { name: string; mimeType: string; buffer: Buffer }>> = {
    restockAction: { variantId: String(s.variantId), units: "5", note: "access test" },
    countAction: { variantId: String(s.variantId), counted: "1", countNote: "access test" },
    correctionAction: { variantId: String(s.variantId), direction: "add", correctionUnits: "2", correctionNote: "access test" },
    thresholdAction: { variantId: String(s.variantId), threshold: "7" },
    lowStockDefaultAction: { lowStockDefault: "9" },
    createProductAction: { name: "Access Tee", slug: `access-${randomBytes(3).toString("hex")}`, description: "Made by the access test.", category: "T-shirts", price: "18500", isActive: "on" },
    updateProductAction: { productId: String(s.productId), name: "Renamed by a stranger", slug: `renamed-${randomBytes(3).toString("hex")}`, description: "Changed.", category: "T-shirts", price: "1", isActive: "on" },
    addVariantAction: { productId: String(s.productId), size: "XXL", color: "Red", sku: "", quantity: "3" },
    updateVariantAction: { variantId: String(s.variantId), size: "XS", color: "Pink", sku: "", isActive: "on" },
    uploadPhotosAction: { productId: String(s.productId), color: "", alt: "", photos: { name: "a.png", mimeType: "image/png", buffer: PNG } },
    movePhotoAction: { imageId: s.imageId, direction: "later" },
    removePhotoAction: { imageId: s.imageId },
    packOrderAction: { orderId: String(s.orderId) },
    shipOrderAction: { orderId: String(s.orderId), carrier: "Correo Argentino", trackingNumber: "AB123456789AR" },
    cancelOrderAction: { orderId: String(s.orderId), confirm: "yes", note: "access test" },
    retryRefundAction: { refundId: s.refundId },
    resolveRefundAction: { refundId: s.refundId, note: "Settled by the access test" },
    // The demo rates but the north-west's; Patagonia and the threshold as e2e/shipping.spec.ts sets them, since staff's pass saves it.
    saveShippingRatesAction: {
      rate_caba: "4.500", rate_buenos_aires: "5.900", rate_centro: "6.900", rate_litoral: "7.900", rate_norte: "8.600",
      rate_cuyo: "7.900", rate_patagonia: "12.345", freeOver: "100.000",
    },
  };
  const form = forms[name];
  if (!form) throw new Error(`No sample form for admin action ${name}: add one to e2e/admin-access.spec.ts`);
  return form;
}

/** Posts to a server action the way React does for (previous state, form data). */
async function callAction(request: APIRequestContext, action: Action, s: Samples): Promise<string> {
  const fields = sampleForm(action.name, s);
  const multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }> = { 0: '[null,"$K1"]' };
  for (const [key, value] of Object.entries(fields)) multipart[`_1_${key}`] = value;
  const response = await request.post(pageUrl(action.page, s), {
    headers: { "Next-Action": action.id, Origin: E2E_APP_URL, Accept: "text/x-component" },
    multipart,
    maxRedirects: 0,
  });
  return response.text();
}

/** Everything a staff action could change, counted: equal before and after means nothing changed. */
async function fingerprint(database: Pool): Promise<string> {
  const { rows } = await database.query(`select
    (select count(*) from audit_log) audit, (select count(*) from stock_movement) movements,
    (select coalesce(sum(quantity), 0) from item_stock) units, (select count(*) from product) products,
    (select count(*) from item_stock) variants, (select count(*) from product_image) images,
    (select string_agg(status || '/' || fulfilment, ',' order by id) from "order") orders,
    (select string_agg(status::text, ',' order by id) from refund) refunds,
    (select low_stock_default from shop_settings) low_stock_default,
    (select string_agg(zone || '=' || rate_minor, ',' order by zone) from shipping_rate) shipping_rates,
    (select free_over_minor from shipping_settings) free_shipping_over`);
  return JSON.stringify(rows[0]);
}

async function createSamples(database: Pool, createProduct: (v: Array<{ size: string; color: string; quantity: number }>) => Promise<{ id: number; variants: Array<{ id: number }> }>): Promise<Samples> {
  const p = await createProduct([{ size: "M", color: "Black", quantity: 4 }]);
  const variantId = p.variants[0]?.id;
  if (variantId === undefined) throw new Error("no variant");
  const order = await database.query<{ id: number }>(
    `insert into "order" (status, email, full_name, address, city, postal_code, total_minor, access_token_hash, cart_fingerprint, paid_at)
     values ('paid', 'access@example.com', 'Ana Pérez', 'Av. Corrientes 1234', 'Buenos Aires', 'C1043', 2500000, 'x', 'x', now()) returning id`,
  );
  const orderId = order.rows[0]?.id ?? 0;
  await database.query(
    `insert into order_item (order_id, item_stock_id, product_name, product_slug, image, size, color, unit_price_minor, quantity)
     values ($1, $2, 'Access Tee', 'access-tee', '/products/classic-tee.svg', 'M', 'Black', 2500000, 1)`,
    [orderId, variantId],
  );
  const paymentId = randomUUID();
  const mercadoPagoId = String(Date.now());
  await database.query(
    `insert into payment (id, order_id, shopper_key, status, amount_minor, mercado_pago_payment_id, expires_at, approved_at)
     values ($1, $2, 'access', 'approved', 2500000, $3, now() + interval '1 hour', now())`,
    [paymentId, orderId, mercadoPagoId],
  );
  const refund = await database.query<{ id: string }>(
    `insert into refund (mercado_pago_payment_id, payment_id, order_id, reason, amount_minor, currency, next_attempt_at)
     values ($1, $2, $3, 'unmatched', 2500000, 'ARS', now() + interval '1 day') returning id`,
    [`${mercadoPagoId}9`, paymentId, orderId],
  );
  const image = await database.query<{ id: string }>(
    `insert into product_image (product_id, color, content_type, data, sha256) values ($1, null, 'image/png', $2, 'x') returning id`,
    [p.id, PNG],
  );
  return { variantId, productId: p.id, orderId, refundId: refund.rows[0]?.id ?? "", imageId: image.rows[0]?.id ?? "" };
}

async function signUpShopper(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Curious Shopper");
  await page.getByLabel("Email").fill(`curious-${randomBytes(5).toString("hex")}@example.com`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Hi, Curious Shopper")).toBeVisible();
  await page.close();
}

test.describe("the back office admits staff only", () => {
  // One pass over every page and action per role; the phone layout changes none of it.
  test.skip(({ isMobile }) => isMobile, "HTTP-level checks run once, on desktop");

  test("every admin page is a 404 for a guest and a shopper, and answers staff without being stored or indexed", async ({ browser, database, createProduct }) => {
    test.slow();
    const samples = await createSamples(database, createProduct);
    const pages = adminPages();
    expect(pages).toEqual(expect.arrayContaining(["/admin", "/admin/orders", "/admin/orders/[id]", "/admin/stock", "/admin/stock/[id]", "/admin/stock/low", "/admin/products", "/admin/products/new", "/admin/products/[id]", "/admin/money", "/admin/money/[id]"]));

    const guest = await browser.newContext();
    const shopper = await browser.newContext();
    await signUpShopper(shopper);
    const staff = await browser.newContext();
    await signInAsStaff(await staff.newPage());

    for (const pattern of pages) {
      const url = pageUrl(pattern, samples);
      for (const [who, context] of [["guest", guest], ["shopper", shopper]] as const) {
        const response = await context.request.get(url, { maxRedirects: 0 });
        expect(response.status(), `${who} GET ${url}`).toBe(404);
        expect(await response.text(), `${who} GET ${url}`).not.toContain("Back office");
      }
      const response = await staff.request.get(url, { maxRedirects: 0 });
      expect(response.status(), `staff GET ${url}`).toBe(200);
      expect(response.headers()["cache-control"], url).toContain("no-store");
      expect(response.headers()["x-robots-tag"], url).toContain("noindex");
    }
    await Promise.all([guest.close(), shopper.close(), staff.close()]);
  });

  test("every admin action refuses a guest and a shopper and changes nothing; staff reach it", async ({ browser, database, createProduct }) => {
    test.slow();
    const samples = await createSamples(database, createProduct);
    const actions = adminActions();
    expect(actions.map((a) => a.name)).toEqual(expect.arrayContaining(["restockAction", "createProductAction", "cancelOrderAction", "resolveRefundAction"]));

    const guest = await browser.newContext();
    const shopper = await browser.newContext();
    await signUpShopper(shopper);
    const staff = await browser.newContext();
    await signInAsStaff(await staff.newPage());

    for (const action of actions) {
      for (const [who, context] of [["guest", guest], ["shopper", shopper]] as const) {
        const before = await fingerprint(database);
        expect(await callAction(context.request, action, samples), `${who} → ${action.name}`).toContain(REFUSED);
        expect(await fingerprint(database), `${who} → ${action.name} changed something`).toBe(before);
      }
    }
    // The same requests from staff get past the guard: the harness reaches the real actions.
    for (const action of actions) {
      expect(await callAction(staff.request, action, samples), `staff → ${action.name}`).not.toContain(REFUSED);
    }
    await Promise.all([guest.close(), shopper.close(), staff.close()]);
  });
});
