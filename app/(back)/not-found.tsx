import Link from "next/link";

export default function NotFound() {
  return (
    <section className="empty-state">
      <h1>Page not found</h1>
      <p className="muted">We couldn’t find what you were looking for. It may have moved or never existed.</p>
      <Link className="button" href="/">Back to the shop</Link>
    </section>
  );
}
