import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { newCartToken, type CartOwner } from "./cart";
import { currentUser } from "./auth";
import { env } from "./env";

export const CART_COOKIE = "percha_cart";
// What newCartToken makes: 32 random bytes, base64url.
const CART_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The guest cart token from the request's cookies, if it is one we could
 * have issued. Cookies are the client's to write: anything else ("%00",
 * which the cookie parser decodes to a NUL the database refuses) is no cart.
 */
export async function cartTokenCookie(): Promise<string | null> {
  const value = (await cookies()).get(CART_COOKIE)?.value;
  return value !== undefined && CART_TOKEN.test(value) ? value : null;
}

/** The shopper behind this request: the signed-in user, else the guest cart cookie. */
export const currentShopper = cache(async (): Promise<CartOwner & { email?: string | null; name?: string | null }> => {
  const user = await currentUser();
  const token = await cartTokenCookie();
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
