// HTML for the stand-in's hosted checkout. Kept apart from the server so the
// request handling in mercadopago.ts stays readable.

export type CheckoutLine = { title: string; quantity: number; unitPrice: number };

export type CheckoutView = {
  preferenceId: string;
  lines: CheckoutLine[];
  total: number;
  currency: string;
  expired: boolean;
};

export type ResultView = { paymentId: number; status: string; statusDetail: string; total: number; currency: string };

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#eef1f5;color:#1f2733}
  header{background:#009ee3;color:#fff;padding:14px 20px;font-weight:600;letter-spacing:.2px}
  header small{font-weight:400;opacity:.85;margin-left:6px}
  main{max-width:480px;margin:24px auto;padding:0 16px}
  .card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:20px}
  h1{font-size:1.15rem;margin:0 0 16px}
  table{width:100%;border-collapse:collapse;font-size:.95rem}
  td{padding:8px 0;border-bottom:1px solid #eef0f3;vertical-align:top}
  td.num{text-align:right;white-space:nowrap;padding-left:12px}
  .qty{color:#6b7480;font-size:.85rem}
  .total{display:flex;justify-content:space-between;font-weight:700;font-size:1.1rem;margin:16px 0 20px}
  form{margin:0 0 10px}
  button{width:100%;padding:14px;border-radius:8px;border:0;font-size:1rem;font-weight:600;cursor:pointer}
  .approve{background:#009ee3;color:#fff}.reject{background:#fff;color:#d0312d;border:1px solid #d0312d}
  .pending{background:#fff;color:#1f2733;border:1px solid #c5cbd3}
  .notice{background:#fff4e5;border:1px solid #f5c27a;border-radius:8px;padding:12px;margin:0 0 8px}
  footer{text-align:center;color:#6b7480;font-size:.8rem;margin:16px 0}
`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("es-AR", { style: "currency", currency }).format(amount);
  } catch {
    // An unknown ISO code makes Intl throw; the page must still render.
    return `${currency} ${amount.toFixed(2)}`;
  }
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Mercado Pago (stand-in)</title>
<style>${STYLE}</style></head>
<body><header>Mercado Pago <small>(stand-in)</small></header>
<main><div class="card">${body}</div>
<footer>Local test double. No real money is moved.</footer></main></body></html>`;
}

function lineRow(line: CheckoutLine, currency: string): string {
  return `<tr><td>${escapeHtml(line.title)}<div class="qty">${line.quantity} × ${escapeHtml(
    formatMoney(line.unitPrice, currency),
  )}</div></td><td class="num">${escapeHtml(formatMoney(line.unitPrice * line.quantity, currency))}</td></tr>`;
}

function payButton(action: string, status: string, label: string, css: string): string {
  return `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="status" value="${status}">` +
    `<button type="submit" class="${css}">${label}</button></form>`;
}

export function renderCheckoutPage(view: CheckoutView): string {
  const action = `/checkout/v1/redirect?pref_id=${encodeURIComponent(view.preferenceId)}`;
  const actions = view.expired
    ? `<p class="notice" role="alert">This payment link has expired.</p>`
    : payButton(action, "approved", "Approve payment", "approve") +
      payButton(action, "rejected", "Reject payment", "reject") +
      payButton(action, "pending", "Leave pending", "pending");
  return layout(
    view.expired ? "Link expired" : "Pay",
    `<h1>Your purchase</h1><table>${view.lines.map((l) => lineRow(l, view.currency)).join("")}</table>
<div class="total"><span>Total</span><span>${escapeHtml(formatMoney(view.total, view.currency))}</span></div>${actions}`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

export function renderResultPage(view: ResultView): string {
  return layout(
    "Payment result",
    `<h1>Payment ${escapeHtml(view.status)}</h1><table>
<tr><td>Payment</td><td class="num">${view.paymentId}</td></tr>
<tr><td>Detail</td><td class="num">${escapeHtml(view.statusDetail)}</td></tr>
<tr><td>Amount</td><td class="num">${escapeHtml(formatMoney(view.total, view.currency))}</td></tr></table>`,
  );
}
