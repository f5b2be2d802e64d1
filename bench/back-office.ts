/**
 * The back office at scale: a shop with `orders` orders and `variants`
 * variants of its own, written by a handful of INSERT … SELECT statements
 * (generate_series, no round trip per row), and a staff member signed in
 * through Auth.js's own credentials route, whose cookie the bench sends.
 *
 * The data keeps the shop's invariants: order totals are the sum of their
 * lines, payments match their order's status, open links hold stock, every
 * sale and return is a ledger movement and each variant's quantity is the sum
 * of its movements (never below zero on the way).
 */
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { sql } from "drizzle-orm";
import { db } from "@/db/client";
import { BCRYPT_COST } from "@/lib/accounts";
import { lowStockVariants } from "@/lib/admin/low-stock";

export type BackOfficeScale = {
  orders: number;
  variants: number;
  seconds: number;
  /** How the seeded orders split, by status (and fulfilment for paid ones). */
  statuses: Record<string, number>;
  /** A repeat buyer's address, for the email search. */
  frequentBuyer: string;
  frequentBuyerOrders: number;
  /** Variants the low-stock view lists (available at or under their threshold). */
  lowVariants: number;
  staff: { email: string; password: string };
};

const SIZES = ["XS", "S", "M", "L", "XL"];
const COLOURS = ["Black", "White", "Navy", "Olive"];
const CATEGORIES = ["T-shirts", "Hoodies & Sweaters", "Trousers", "Jackets", "Shirts"];
const KINDS = ["Tee", "Hoodie", "Chinos", "Jacket", "Shirt"];
const IMAGE = "/products/classic-tee.svg";
const BUYERS = 2500;
/** Orders span this many days; the newest few are still waiting for payment. */
const DAYS = 180;
const OPEN_LINKS = 24;

/**
 * Writes the scale data in one transaction (a fixed random seed, so every run
 * seeds the same mix) and ANALYZEs it, as autovacuum would have long since in
 * a shop that grew to this size.
 */
export async function seedBackOfficeScale(options: { orders: number; variants: number }): Promise<BackOfficeScale> {
  const started = performance.now();
  const orders = Math.max(OPEN_LINKS + 1, Math.floor(options.orders));
  const variants = Math.max(1, Math.floor(options.variants));
  const perProduct = SIZES.length * COLOURS.length;
  const products = Math.ceil(variants / perProduct);
  const staff = { email: "bench-staff@example.com", password: randomBytes(18).toString("base64url") };
  const passwordHash = await bcrypt.hash(staff.password, BCRYPT_COST);
  const arr = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

  await db.transaction(async (tx) => {
    // The orders the earlier phases paid (race, webhook) have long been shipped by the time a shop
    // has this history: left unfulfilled, they would be the whole first page of "to pack".
    await tx.execute(sql`
      update "order" set fulfilment = 'shipped', carrier = 'Correo Argentino', tracking_number = 'CA-BENCH-' || id
      where status = 'paid' and fulfilment <> 'shipped'`);
    await tx.execute(sql`select setseed(0.42)`);
    const [staffRow] = (await tx.execute<{ id: string }>(sql`
      insert into users (id, email, name, role, password_hash)
      values (gen_random_uuid()::text, ${staff.email}, 'Bench staff', 'staff', ${passwordHash})
      returning id`)).rows;
    if (!staffRow) throw new Error("could not create the bench staff account");

    // Catalog: products × sizes × colours; a few products and variants are no longer sold.
    await tx.execute(sql`
      insert into product (slug, name, description, category, price_minor, image, is_active, created_at)
      select 'bench-scale-' || lpad(p::text, 4, '0'),
             (${arr(KINDS)})[1 + p % ${KINDS.length}] || ' ' || lpad(p::text, 4, '0'),
             'A product the bench creates for the back office at scale.',
             (${arr(CATEGORIES)})[1 + p % ${CATEGORIES.length}],
             1200000 + (p % 20) * 150000, ${IMAGE}, p % 50 <> 0, now() - interval '400 days'
      from generate_series(1, ${products}) p`);
    await tx.execute(sql`
      create temp table scale_variant on commit drop as
      select row_number() over (order by pr.id, s.i, c.i)::int as n, pr.id as product_id, pr.name as product_name,
             pr.slug, pr.image, pr.price_minor, s.size, c.color
      from product pr
      cross join unnest(${arr(SIZES)}) with ordinality s(size, i)
      cross join unnest(${arr(COLOURS)}) with ordinality c(color, i)
      where pr.slug like 'bench-scale-%'
      order by 1
      limit ${variants}`);
    await tx.execute(sql`
      insert into item_stock (product_id, size, color, quantity, sku, low_stock_threshold, is_active)
      select product_id, size, color, 0, 'BS-' || product_id || '-' || size || '-' || upper(left(color, 3)),
             case when random() < 0.1 then (array[5, 10])[1 + floor(random() * 2)::int] end, random() > 0.02
      from scale_variant order by n`);
    await tx.execute(sql`alter table scale_variant add column id int`);
    await tx.execute(sql`
      update scale_variant v set id = s.id from item_stock s
      where s.product_id = v.product_id and s.size = v.size and s.color = v.color`);

    // Orders, oldest first (ids grow with time): the newest few still waiting for payment.
    await tx.execute(sql`
      create temp table scale_order on commit drop as
      select g, r, random() as f, 1 + floor(power(random(), 1.6) * ${BUYERS})::int as buyer,
             case when g > ${orders - OPEN_LINKS}
                  then now() - interval '150 seconds' * (${orders} - g) - interval '1 minute'
                  else now() - interval '1 day' * ${DAYS} * ((${orders - OPEN_LINKS} - g)::float / ${orders - OPEN_LINKS}) - interval '1 hour'
             end as created_at
      from (select g, random() as r from generate_series(1, ${orders}) g) s`);
    await tx.execute(sql`
      alter table scale_order add column status order_status, add column fulfilment fulfilment_status, add column order_id int`);
    await tx.execute(sql`
      update scale_order set status = (case
        when g > ${orders - OPEN_LINKS} then case when r < 0.6 then 'pending_payment' else 'paid' end
        when r < 0.62 then 'paid'
        when r < 0.84 then 'expired'
        when r < 0.92 then 'superseded'
        when r < 0.96 then 'refunded'
        when r < 0.97 then case when created_at > now() - interval '3 days' then 'refund_pending' else 'refunded' end
        else 'cancelled'
      end)::order_status`);
    // Paid orders are packed and shipped within days; a few old ones were never packed.
    await tx.execute(sql`
      update scale_order set fulfilment = (case
        when status <> 'paid' then 'unfulfilled'
        when created_at > now() - interval '2 days' then case when f < 0.6 then 'unfulfilled' else 'packed' end
        when created_at > now() - interval '5 days' then case when f < 0.3 then 'packed' else 'shipped' end
        when f < 0.005 then 'unfulfilled'
        else 'shipped'
      end)::fulfilment_status`);
    await tx.execute(sql`
      insert into "order" (status, email, full_name, address, city, postal_code, total_minor, access_token_hash,
                           cart_fingerprint, created_at, paid_at, fulfilment, carrier, tracking_number)
      select status, 'buyer' || buyer || '@example.com', 'Buyer ' || buyer, 'Av. Corrientes ' || (100 + buyer),
             'Buenos Aires', 'C1043AAZ', 0, md5('bench-scale-token-' || g), 'bench-scale:' || g, created_at,
             case when status in ('paid', 'cancelled') then created_at + interval '3 minutes' end,
             fulfilment,
             case when fulfilment = 'shipped' then 'Correo Argentino' end,
             case when fulfilment = 'shipped' then 'CA' || lpad(g::text, 9, '0') || 'AR' end
      from scale_order order by g`);
    await tx.execute(sql`
      update scale_order so set order_id = o.id from "order" o
      where o.cart_fingerprint = 'bench-scale:' || so.g`);

    // One to three lines each; a few variants sell far more than the rest.
    await tx.execute(sql`
      create temp table scale_line on commit drop as
      select so.order_id, so.status, so.created_at,
             1 + floor(power(random(), 2.2) * ${variants})::int as n,
             1 + floor(random() * random() * 3)::int as quantity
      from scale_order so cross join generate_series(1, 1 + (so.g * 7) % 3) line`);
    await tx.execute(sql`
      insert into order_item (order_id, item_stock_id, product_name, product_slug, image, size, color, unit_price_minor, quantity)
      select l.order_id, v.id, v.product_name, v.slug, v.image, v.size, v.color, v.price_minor, l.quantity
      from scale_line l join scale_variant v on v.n = l.n`);
    await tx.execute(sql`
      update "order" o set total_minor = t.total
      from (select order_id, sum(unit_price_minor * quantity)::int as total from order_item
            where order_id in (select order_id from scale_order) group by order_id) t
      where o.id = t.order_id`);

    // A payment per order, in the state its order implies; open links hold their units.
    await tx.execute(sql`
      insert into payment (order_id, shopper_key, status, amount_minor, preference_id, mercado_pago_payment_id,
                           created_at, expires_at, approved_at, link_expired_at)
      select o.id, 'cart:bench-scale-' || so.g,
             (case so.status when 'pending_payment' then 'pending' when 'paid' then 'approved' when 'expired' then 'expired'
                when 'superseded' then 'superseded' when 'refund_pending' then 'approved' else 'refunded' end)::payment_status,
             o.total_minor, 'bench-scale-pref-' || so.g,
             case when so.status in ('paid', 'refunded', 'refund_pending', 'cancelled') then (7000000000 + so.g)::text end,
             o.created_at, o.created_at + interval '1 hour',
             case when so.status in ('paid', 'refunded', 'refund_pending', 'cancelled') then o.created_at + interval '3 minutes' end,
             case when so.status = 'superseded' then o.created_at + interval '10 minutes' end
      from scale_order so join "order" o on o.id = so.order_id`);
    await tx.execute(sql`
      insert into stock_hold (order_id, item_stock_id, quantity, expires_at)
      select l.order_id, v.id, l.quantity, l.created_at + interval '1 hour'
      from scale_line l join scale_variant v on v.n = l.n where l.status = 'pending_payment'`);
    await tx.execute(sql`
      insert into refund (mercado_pago_payment_id, payment_id, order_id, reason, status, amount_minor, currency, attempts,
                          next_attempt_at, last_error, mercado_pago_refund_id, created_at, refunded_at)
      select p.mercado_pago_payment_id, p.id, p.order_id,
             (case when so.status = 'cancelled' then 'cancelled' else (array['sold_out', 'expired', 'duplicate'])[1 + so.g % 3] end)::refund_reason,
             (case when so.status = 'refund_pending' then 'pending' else 'refunded' end)::refund_status,
             p.amount_minor, 'ARS', case when so.status = 'refund_pending' then 4 else 1 end,
             case when so.status = 'refund_pending' then now() + interval '30 minutes' else p.approved_at end,
             case when so.status = 'refund_pending' then 'Mercado Pago answered 500' end,
             case when so.status <> 'refund_pending' then (8000000000 + so.g)::text end,
             p.approved_at + interval '1 minute',
             case when so.status <> 'refund_pending' then p.approved_at + interval '1 hour' end
      from scale_order so join payment p on p.order_id = so.order_id
      where so.status in ('refunded', 'refund_pending', 'cancelled')`);

    // The ledger: an opening count that covers every later sale, the sales, and the returns of
    // cancelled orders; quantity is the sum, and the running total never dips below the final count.
    await tx.execute(sql`
      create temp table scale_move on commit drop as
      select v.id as item_stock_id, -l.quantity as delta, 'sale'::stock_movement_reason as reason,
             l.order_id, l.created_at + interval '3 minutes' as created_at, null::text as note, null::text as staff_user_id
      from scale_line l join scale_variant v on v.n = l.n where l.status in ('paid', 'cancelled')
      union all
      select v.id, l.quantity, 'return', l.order_id, least(l.created_at + interval '1 day', now() - interval '1 minute'),
             'Order cancelled: units back on the shelf', ${staffRow.id}
      from scale_line l join scale_variant v on v.n = l.n where l.status = 'cancelled'`);
    await tx.execute(sql`
      insert into scale_move
      select v.id, target + coalesce(sold, 0), 'count', null, now() - make_interval(days => ${DAYS + 20}), 'Opening balance', null
      from (select id, case when r < 0.08 then 0 when r < 0.2 then 1 + floor(random() * 3)::int
                            when r < 0.3 then 4 + floor(random() * 7)::int else 11 + floor(random() * 70)::int end as target
            from (select id, random() as r from scale_variant) s) v
      left join (select item_stock_id, -sum(delta)::int as sold from scale_move where reason = 'sale' group by item_stock_id) s
        on s.item_stock_id = v.id
      where target + coalesce(sold, 0) > 0`);
    await tx.execute(sql`
      insert into stock_movement (item_stock_id, delta, quantity_after, reason, note, staff_user_id, order_id, created_at)
      select item_stock_id, delta,
             sum(delta) over (partition by item_stock_id order by created_at, reason = 'count' desc
                              rows between unbounded preceding and current row)::int,
             reason, note, staff_user_id, order_id, created_at
      from scale_move order by created_at`);
    await tx.execute(sql`
      update item_stock s set quantity = m.total
      from (select item_stock_id, sum(delta)::int as total from scale_move group by item_stock_id) m
      where s.id = m.item_stock_id`);
  });
  await db.execute(sql`analyze`);

  const statusRows = (await db.execute<{ key: string; n: number }>(sql`
    select case when status = 'paid' then 'paid, ' || fulfilment else status::text end as key, count(*)::int as n
    from "order" where cart_fingerprint like 'bench-scale:%' group by 1 order by 2 desc`)).rows;
  const [buyer] = (await db.execute<{ email: string; n: number }>(sql`
    select email, count(*)::int as n from "order" where cart_fingerprint like 'bench-scale:%'
    group by email order by 2 desc, 1 limit 1`)).rows;
  return {
    orders,
    variants,
    seconds: (performance.now() - started) / 1000,
    statuses: Object.fromEntries(statusRows.map((r) => [r.key, r.n])),
    frequentBuyer: buyer?.email ?? "buyer1@example.com",
    frequentBuyerOrders: buyer?.n ?? 0,
    lowVariants: (await lowStockVariants({ pageSize: 1 })).total,
    staff,
  };
}

/**
 * Signs `staff` in the way a browser does through Auth.js's own routes (CSRF
 * token, then the credentials callback) and returns the Cookie header that
 * carries the session. Throws unless the back office then answers 200.
 */
export async function staffSessionCookie(appUrl: string, staff: { email: string; password: string }): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair?.indexOf("=") ?? -1;
      if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("staff sign-in: no CSRF token from /api/auth/csrf");
  const signedIn = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email: staff.email, password: staff.password, callbackUrl: `${appUrl}/admin` }),
  });
  keep(signedIn);
  const session = [...jar].find(([name]) => name.endsWith("authjs.session-token"));
  if (!session) throw new Error(`staff sign-in: no session cookie (HTTP ${signedIn.status} ${signedIn.headers.get("location") ?? ""})`);
  const cookie = `${session[0]}=${session[1]}`;
  const check = await fetch(`${appUrl}/admin/orders`, { headers: { cookie }, redirect: "manual" });
  if (check.status !== 200) throw new Error(`staff sign-in: /admin/orders answered ${check.status} with the session cookie`);
  return cookie;
}
