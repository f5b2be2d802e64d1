import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { newCartToken, type CartOwner } from "./cart";
import { currentUser } from "./auth";
import { env } from "./env";

export const CART_COOKIE = "percha_cart";

/** The shopper behind this request: the signed-in user, else the guest cart cookie. */
export const currentShopper = cache(async (): Promise<CartOwner & { email?: string | null; name?: string | null }> => {
  const user = await currentUser();
  const token = (await cookies()).get(CART_COOKIE)?.value ?? null;
  return { userId: user?.id ?? null, token, email: user?.email ?? null, name: user?.name ?? null };
});

/** Like currentShopper, but gives a guest a cart cookie first (only when adding). */
export async function shopperForWrite(): Promise<CartOwner> {
  const shopper = await currentShopper();
  if (shopper.userId || shopper.token) return shopper;
  const token = newCartToken();
  (await cookies()).set(CART_COOKIE, token, privateCookie(60 * 60 * 24 * 60));
  return { token };
}

/** Options of the shop's own cookies: never readable by scripts, sent on same-site navigation. */
export function privateCookie(maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    // Secure wherever the shop is served over HTTPS (a local demo is plain HTTP).
    secure: env().appUrl.startsWith("https:"),
    path: "/",
    maxAge: maxAgeSeconds,
  };
}
