"use client";

import { useEffect } from "react";

/** Calls `action` once the shopper has seen the page (one-time notices). */
export function DismissOnView({ action }: { action: () => Promise<void> }) {
  useEffect(() => {
    void action();
  }, [action]);
  return null;
}
