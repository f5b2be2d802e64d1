import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { buyOne } from "./shop";

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true, scale: "css" });
const uniqueEmail = (who: string) => `${who}-${test.info().project.name}-${Date.now()}@example.com`;

/** Another browser on the same kind of device (its own cookies), optionally without JavaScript. */
async function otherBrowser(browser: Browser, { javaScriptEnabled = true } = {}) {
  const { baseURL, viewport, userAgent, isMobile, hasTouch, deviceScaleFactor } = test.info().project.use;
  const context = await browser.newContext({ baseURL, viewport, userAgent, isMobile, hasTouch, deviceScaleFactor, javaScriptEnabled });
  return { context, page: await context.newPage() };
}

/**
 * Opens the newest captured email to `to` with this subject in the demo
 * mailbox and clicks its button, as the shopper would in their mail app.
 * Returns the tab the link opened in.
 */
async function clickEmailButton(page: Page, to: string, subject: string, button: string): Promise<Page> {
  await page.goto("/dev/emails");
  await page.getByRole("row").filter({ hasText: to }).filter({ hasText: subject }).first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await shot(page, `email-${subject.split(" ").slice(0, 3).join("-").toLowerCase()}`);
  const opened = page.context().waitForEvent("page");
  await page.frameLocator("iframe.dev-mail__frame").getByRole("link", { name: button }).click();
  const tab = await opened;
  await tab.waitForLoadState();
  return tab;
}

async function signUp(page: Page, name: string, email: string, password: string) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`Hi, ${name}`)).toBeVisible();
}

test.describe("accounts that recover", () => {
  test.slow();

  test("a shopper resets a forgotten password from the emailed link; the link works once and other sessions end", async ({ page, browser }) => {
    const email = uniqueEmail("forgot");
    const phone = await otherBrowser(browser);
    await signUp(phone.page, "Julieta", email, "the first password");

    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    const neutral = "If an account exists for that email, we've sent a link to choose a new password.";
    await expect(page.getByRole("status").filter({ hasText: neutral })).toBeVisible();
    await shot(page, "forgot-password-sent");

    // An address with no account gets the very same answer.
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(uniqueEmail("nobody"));
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status").filter({ hasText: neutral })).toBeVisible();

    const reset = await clickEmailButton(page, email, "Reset your Percha password", "Choose a new password");
    await expect(reset).toHaveURL(/\/reset-password\?token=/);
    const link = reset.url();
    await expect(reset.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await reset.getByLabel("New password").fill("short");
    await reset.getByRole("button", { name: "Save new password" }).click();
    await expect(reset.getByText("Use at least 8 characters")).toBeVisible();
    await shot(reset, "reset-password-error");
    await reset.getByLabel("New password").fill("the second password");
    await reset.getByRole("button", { name: "Save new password" }).click();
    await expect(reset).toHaveURL(/\/sign-in\?notice=password-changed/);
    await expect(reset.getByText("Your password has been changed. Sign in with your new password.")).toBeVisible();
    await shot(reset, "sign-in-after-reset");
    await reset.getByLabel("Email").fill(email);
    await reset.getByLabel("Password").fill("the second password");
    await reset.getByRole("button", { name: "Sign in" }).click();
    await expect(reset.getByText("Hi, Julieta")).toBeVisible();

    await reset.goto(link);
    await expect(reset.getByRole("heading", { level: 1, name: "This link has expired or was already used" })).toBeVisible();
    await shot(reset, "reset-link-used");

    // The phone signed in before the reset: its session is over.
    await phone.page.goto("/orders");
    await expect(phone.page).toHaveURL(/\/en\/sign-in\?next=%2Fen%2Forders/);
    await expect(phone.page.getByText("Hi, Julieta")).toHaveCount(0);
    await phone.context.close();
  });

  test("a guest who lost the order email gets its link again with email and order number, without JavaScript", async ({ page, browser, createProduct }) => {
    const p = await createProduct([{ size: "M", color: "Olive", quantity: 2 }]);
    const email = uniqueEmail("guest");
    const { orderId } = await buyOne(page, p.slug, email);

    const later = await otherBrowser(browser, { javaScriptEnabled: false });
    await later.page.goto("/");
    await later.page.getByRole("contentinfo").getByRole("link", { name: "Find my order" }).click();
    await expect(later.page.getByRole("heading", { level: 1, name: "Find my order" })).toBeVisible();
    await later.page.getByLabel("Email used at checkout").fill(email);
    await later.page.getByLabel("Order number").fill("my order");
    await later.page.getByRole("button", { name: "Email me the order link" }).click();
    await expect(later.page.getByText("Enter the order number from your email, digits only (for example 1042)")).toBeVisible();
    await expect(later.page.getByLabel("Email used at checkout")).toHaveValue(email);
    await shot(later.page, "find-order-error");

    await later.page.getByLabel("Order number").fill(`#${orderId}`);
    await later.page.getByRole("button", { name: "Email me the order link" }).click();
    await expect(later.page.getByText(`If order #${orderId} was placed with that email, we've sent its link there.`)).toBeVisible();
    await shot(later.page, "find-order-sent");

    const order = await clickEmailButton(later.page, email, `Your link to Percha order #${orderId}`, "View your order");
    await expect(order.getByRole("heading", { level: 1 })).toHaveText(`Order #${orderId}`);
    await expect(order.getByText(p.name).first()).toBeVisible();
    await later.context.close();
  });

  test("guest orders appear in a new account only after its email is confirmed", async ({ page, createProduct }) => {
    const p = await createProduct([{ size: "L", color: "Navy", quantity: 2 }]);
    const email = uniqueEmail("verify");
    await buyOne(page, p.slug, email);

    await signUp(page, "Vera", email, "vera's own password");
    await page.goto("/orders");
    await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "No orders yet" })).toBeVisible();
    await expect(page.getByText(p.name)).toHaveCount(0);
    await page.getByRole("button", { name: "Send a new link" }).click();
    await expect(page.getByText(`We've sent a new link to ${email}. It works for 24 hours.`)).toBeVisible();
    await shot(page, "orders-unverified");

    const confirm = await clickEmailButton(page, email, "Confirm your email for Percha", "Confirm my email");
    await expect(confirm.getByRole("heading", { level: 1, name: "Confirm your email" })).toBeVisible();
    await shot(confirm, "verify-email");
    await confirm.getByRole("button", { name: "Confirm my email" }).click();
    await expect(confirm).toHaveURL(/\/orders\?notice=email-confirmed/);
    await expect(confirm.getByText("Your email is confirmed. Orders you placed with it as a guest are listed here.")).toBeVisible();
    await expect(confirm.getByTestId("order-card").filter({ hasText: p.name })).toContainText(/paid/i);
    await expect(confirm.getByRole("heading", { name: "Confirm your email" })).toHaveCount(0);
    await shot(confirm, "orders-verified");
  });
});
