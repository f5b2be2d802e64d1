import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p><strong>Percha</strong> — everyday clothes, made to last.</p>
        <p>Secure payments with Mercado Pago · Free returns within 30 days · Shipping across Argentina · <Link href="/orders/find">Find my order</Link></p>
      </div>
    </footer>
  );
}
