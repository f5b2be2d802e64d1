"use client";

import { useEffect, useState } from "react";
import type { StockNotice } from "@/lib/cart";
import { StockNotices } from "./stock-notices";

/**
 * Notices meant to be seen once (the sign-in merge): shown, then dismissed
 * on the server. The first render is kept, because dismissing refreshes the
 * page without them.
 */
export function OneTimeNotices({ notices, dismiss }: { notices: StockNotice[]; dismiss: () => Promise<void> }) {
  const [shown] = useState(notices);
  const hasNotices = notices.length > 0;
  useEffect(() => {
    if (hasNotices) void dismiss();
  }, [hasNotices, dismiss]);
  return <StockNotices notices={shown} />;
}
