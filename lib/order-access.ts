import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { env } from "./env";

/**
 * A guest reaches their order with an unguessable token in the link (256
 * bits). It is derived from the order id with the server secret, so the
 * purchase email can carry it later, and only its SHA-256 is stored.
 */
export function orderAccessToken(orderId: number): string {
  return createHmac("sha256", env().authSecret).update(`order-access:${orderId}`).digest("base64url");
}

export function hashAccessToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time check of a token from a link against the stored hash. */
export function isValidAccessToken(token: string | null | undefined, storedHash: string): boolean {
  if (!token || token.length > 200) return false;
  const given = Buffer.from(hashAccessToken(token), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Where a guest's order lives: the order page with its token. */
export function orderPath(orderId: number, withToken: boolean): string {
  return withToken ? `/orders/${orderId}?token=${orderAccessToken(orderId)}` : `/orders/${orderId}`;
}
