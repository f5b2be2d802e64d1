import "server-only";
import { headers } from "next/headers";
import { cartCount } from "./cart";
import { SHARED_RENDER_HEADER } from "./page-cache";
import { currentShopper } from "./shopper";

/** The visitor's part of the header: how many items their cart holds, and their name when signed in. */
export type Visitor = { cartCount: number; name: string | null };

export async function currentVisitor(): Promise<Visitor> {
  const shopper = await currentShopper();
  return { cartCount: await cartCount(shopper), name: shopper.name ?? shopper.email ?? null };
}

/**
 * Whether this render is one every visitor will be served (the page cache's,
 * lib/page-cache.ts): it reached Next without the visitor's cookies, and the
 * visitor's part of the header is left to the browser.
 */
export async function isSharedRender(): Promise<boolean> {
  return (await headers()).get(SHARED_RENDER_HEADER) === "1";
}
