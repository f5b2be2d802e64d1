import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_APP_URL } from "./ports";

/** `next` values that would leave the shop if taken at face value (evil.test does not resolve: leaving would fail to load). */
const HOSTILE_NEXT = [
  "/.//evil.test/steal",
  "/%2e//evil.test",
  "/a/..//evil.test",
  "/\\evil.test",
  "/%5Cevil.test",
  "/%2F%2Fevil.test",
  "//evil.test",
  "https://evil.test/",
  "javascript:alert(document.domain)",
  "/%09/evil.test",
];

const PASSWORD = "a long enough password";

async function fillSignIn(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
}

/** Where the page is, if still in the shop: its path; otherwise the whole URL, which fails the comparison. */
function shopPath(page: Page): string {
  const url = new URL(page.url());
  return url.origin === E2E_APP_URL ? `${url.pathname}${url.search}` : page.url();
}

test.describe("after signing in", () => {
  test("a hostile next ends on the shop's own home page: signing up, signing in with and without JavaScript, and links opened while signed in", async ({ page, browser }) => {
    test.slow();
    const email = `next-${randomBytes(5).toString("hex")}@example.com`;
    await page.goto(`/sign-up?next=${encodeURIComponent("/.//evil.test/steal")}`);
    await page.getByLabel("Name").fill("Ada");
    await fillSignIn(page, email);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Hi, Ada")).toBeVisible();
    expect(shopPath(page)).toBe("/en");

    // Signed in, the sign-in and sign-up pages send straight on to `next`: home, for every hostile one.
    for (const next of HOSTILE_NEXT) {
      for (const form of ["sign-in", "sign-up"]) {
        await page.goto(`/${form}?next=${encodeURIComponent(next)}`);
        expect(shopPath(page), `${form} ${next}`).toBe("/en");
      }
    }
    // A path of ours survives, query string and all.
    await page.goto(`/sign-in?next=${encodeURIComponent("/cart?from=sign-in")}`);
    expect(shopPath(page)).toBe("/en/cart?from=sign-in");

    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const other = await context.newPage();
      await other.goto(`/sign-in?next=${encodeURIComponent("/%2e//evil.test")}`);
      // The form posts what the page put in it; a tampered field must be checked again by the action.
      await other.locator("input[name=next]").evaluate((input: HTMLInputElement) => (input.value = "/a/..//evil.test"));
      await fillSignIn(other, email);
      await other.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => shopPath(other), javaScriptEnabled ? "with JavaScript" : "without JavaScript").toBe("/en");
      // The home page is shared by every visitor: without JavaScript it cannot greet; a page rendered for the shopper does.
      if (!javaScriptEnabled) await other.goto("/cart");
      await expect(other.getByText("Hi, Ada")).toBeVisible();
      await context.close();
    }
  });
});
