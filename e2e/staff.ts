import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/** The demo staff account the end-to-end server creates (demo mode), as the sign-in page names it. */
export const STAFF = { email: "staff@percha.shop", password: "percha-demo-staff" } as const;

/** Signs the page's browser in as staff and opens `path` in the back office. */
export async function signInAsStaff(page: Page, path = "/admin") {
  await page.goto(`/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(STAFF.email);
  await page.getByLabel("Password").fill(STAFF.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
}
