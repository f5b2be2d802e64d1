export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p><strong>Percha</strong> — everyday clothes, made to last.</p>
        <p>Secure payments with Mercado Pago · Free returns within 30 days · Shipping across Argentina</p>
      </div>
    </footer>
  );
}
