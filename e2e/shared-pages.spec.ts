/**
 * The catalog, product and search pages are shared by every visitor (the
 * page cache, lib/page-cache.ts, and the cached reads under it); the cart
 * count and the account name are not. Two shoppers take turns on the same
 * pages, so one is often served the page rendered for the other: each sees
 * only their own.
 */
import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addToCart } from "./shop";

async function shopper(browser: Browser, isMobile: boolean): Promise<Page> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: "en-US",
    ...(isMobile ? { viewport: { width: 412, height: 839 }, isMobile: true, hasTouch: true } : {}),
  });
  return context.newPage();
}

async function signUp(page: Page, name: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(`shared-${randomBytes(5).toString("hex")}@example.com`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`Hi, ${name}`)).toBeVisible();
}

test("two shoppers on the same cached pages each see only their own cart and name", async ({ browser, isMobile, createProduct }) => {
  test.slow();
  const p = await createProduct([{ size: "M", color: "Navy", quantity: 9 }]);
  const name = `Valeria ${randomBytes(3).toString("hex")}`;
  const [signedIn, guest] = [await shopper(browser, isMobile), await shopper(browser, isMobile)];
  await signUp(signedIn, name);
  await addToCart(signedIn, p.slug, 2);
  await addToCart(guest, p.slug, 1);

  const pages = ["/", `/products/${p.slug}`, `/search?q=${encodeURIComponent(p.name)}`, "/?category=T-shirts"];
  const fromCache: string[] = [];
  for (let round = 0; round < 2; round++) {
    for (const path of pages) {
      for (const [page, count, isSignedIn] of [[signedIn, 2, true], [guest, 1, false]] as const) {
        const response = await page.goto(path);
        // No shared HTTP cache (a CDN, a proxy) may keep a page that carries someone's cart.
        expect(response?.headers()["cache-control"], path).toMatch(/private|no-store/);
        expect(response?.headers()["x-percha-page-cache"], path).toMatch(/^(hit|miss)$/);
        if (response?.headers()["x-percha-page-cache"] === "hit") fromCache.push(path);
        await expect(page.getByTestId("cart-count"), `${path}, ${isSignedIn ? "signed in" : "guest"}`).toHaveText(String(count));
        if (isSignedIn) await expect(page.getByText(`Hi, ${name}`)).toBeVisible();
        else await expect(page.getByText(/Hi, /)).toHaveCount(0);
      }
    }
  }
  // Other tests' purchases drop cached pages now and then, but not all the time.
  expect(fromCache.length, "pages served from the page cache").toBeGreaterThan(0);
  await signedIn.goto(`/products/${p.slug}`);
  await signedIn.screenshot({ path: test.info().outputPath("signed-in-product.png"), fullPage: false });
  await Promise.all([signedIn.context().close(), guest.context().close()]);
});
