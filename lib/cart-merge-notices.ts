import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import type { StockNotice } from "./cart";
import { mergeGuestCart } from "./cart-merge";
import { CART_COOKIE, cartTokenCookie, privateCookie } from "./shopper";

export const NOTICES_COOKIE = "percha_notices";
const MAX_COOKIE_BYTES = 2000;
// Long enough to survive the redirect after sign-in, short enough not to linger.
const NOTICES_MAX_AGE_SECONDS = 120;

const noticesSchema = z.array(
  z.object({
    productName: z.string().max(200),
    size: z.string().max(40),
    color: z.string().max(40),
    from: z.number().int().min(0),
    to: z.number().int().min(0),
  }),
).max(50);

/**
 * Keeps the merge's stock notices for the next page in a short-lived httpOnly
 * cookie. Only in a server action or route handler (Next forbids setting
 * cookies while rendering). Notices that do not fit in ~2 KB are dropped.
 */
export async function saveMergeNotices(notices: StockNotice[]): Promise<void> {
  if (notices.length === 0) return;
  let kept = notices.slice(0, 50);
  while (kept.length > 1 && Buffer.byteLength(encodeURIComponent(JSON.stringify(kept))) > MAX_COOKIE_BYTES) {
    kept = kept.slice(0, -1);
  }
  (await cookies()).set(NOTICES_COOKIE, JSON.stringify(kept), privateCookie(NOTICES_MAX_AGE_SECONDS));
}

/**
 * The notices left by the last sign-in merge; [] when none or unreadable.
 * Safe while rendering: it only reads. The cookie expires by itself within
 * two minutes; call clearMergeNotices() from an action to drop it sooner.
 */
export async function readMergeNotices(): Promise<StockNotice[]> {
  const raw = (await cookies()).get(NOTICES_COOKIE)?.value;
  if (!raw) return [];
  try {
    const parsed = noticesSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch (error) {
    // A tampered or truncated cookie only means there is nothing to show.
    if (error instanceof SyntaxError) return [];
    throw error;
  }
}

/** Drops the notices cookie; only in a server action or route handler. */
export async function clearMergeNotices(): Promise<void> {
  (await cookies()).delete(NOTICES_COOKIE);
}

/**
 * Right after sign-in or sign-up: moves the guest cart from the cart cookie
 * into the user's cart, forgets the guest cookie, and keeps any stock notices
 * for the cart page.
 */
export async function adoptGuestCart(userId: string): Promise<StockNotice[]> {
  const guestToken = await cartTokenCookie();
  if (!guestToken) return [];
  const notices = await mergeGuestCart(userId, guestToken);
  (await cookies()).delete(CART_COOKIE);
  await saveMergeNotices(notices);
  return notices;
}
