"use client";

import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <section className="empty-state">
      <h1>Something went wrong</h1>
      <p className="muted">We couldn’t load this page. Nothing was charged. Please try again in a moment.</p>
      <button className="button" onClick={reset}>Try again</button>
    </section>
  );
}
