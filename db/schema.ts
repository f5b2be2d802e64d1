import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** A full text search document, written by PostgreSQL itself (generated columns). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * The product's words for search, in Spanish and English stems, accents
 * folded by percha_unaccent (migration 0005: unaccent() itself is only
 * STABLE, so it cannot feed a generated column or an index). The name
 * weighs most, then the category, then the description.
 */
const productSearchDocument = sql.raw(["name:A", "category:B", "description:C"].flatMap((part) => {
  const [column, weight] = part.split(":");
  return ["spanish", "english"].map((config) => `setweight(to_tsvector('${config}'::regconfig, percha_unaccent(${column})), '${weight}')`);
}).join(" || "));

/** What a typo is compared with (pg_trgm): name and category, accents folded, lower case. */
export const productSearchName = sql.raw("percha_unaccent(lower(name || ' ' || category))");

/** Raw bytes (PostgreSQL bytea) as a Node Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

// ---- Catalog ------------------------------------------------------------

export const product = pgTable("product", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  description: text().notNull(),
  category: text().notNull(),
  /** Integer minor units (centavos) in `currency`. */
  priceMinor: integer().notNull(),
  currency: text().notNull().default("ARS"),
  image: text().notNull(),
  isActive: boolean().notNull().default(true),
  createdAt: createdAt(),
  searchDocument: tsvector().notNull().generatedAlwaysAs(productSearchDocument),
}, (t) => [
  index("product_category_idx").on(t.category),
  index("product_search_document_idx").using("gin", t.searchDocument),
  index("product_search_name_trgm_idx").using("gin", sql`${productSearchName} gin_trgm_ops`),
  check("product_price_positive", sql`${t.priceMinor} > 0`),
]);

/** A variant: one (product, size, colour) with the units on hand. */
export const itemStock = pgTable("item_stock", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  productId: integer().notNull().references(() => product.id, { onDelete: "cascade" }),
  size: text().notNull(),
  color: text().notNull(),
  quantity: integer().notNull(),
  isActive: boolean().notNull().default(true),
  sku: text().unique(),
  /** Low-stock alert level for this variant; null means the shop's default. */
  lowStockThreshold: integer(),
}, (t) => [
  uniqueIndex("item_stock_variant_unique").on(t.productId, t.size, t.color),
  check("item_stock_quantity_non_negative", sql`${t.quantity} >= 0`),
  check("item_stock_low_stock_threshold_non_negative", sql`${t.lowStockThreshold} >= 0`),
]);

/** Photos of a product, per colour (null: every colour), stored where every instance reads them. */
export const productImage = pgTable("product_image", {
  id: uuid().primaryKey().defaultRandom(),
  productId: integer().notNull().references(() => product.id, { onDelete: "cascade" }),
  color: text(),
  position: integer().notNull().default(0),
  contentType: text().notNull(),
  data: bytea().notNull(),
  /** Hex SHA-256 of `data`: the URL's cache key, so a changed image is a new URL. */
  sha256: text().notNull(),
  alt: text().notNull().default(""),
  createdAt: createdAt(),
}, (t) => [index("product_image_product_idx").on(t.productId, t.color, t.position)]);

/**
 * A photo at the widths pages ask for (lib/images/sizes.ts), as WebP, made
 * when the photo is stored: the shop's instances serve them without resizing.
 */
export const productImageSize = pgTable("product_image_size", {
  imageId: uuid().notNull().references(() => productImage.id, { onDelete: "cascade" }),
  width: integer().notNull(),
  data: bytea().notNull(),
}, (t) => [primaryKey({ columns: [t.imageId, t.width] })]);

export const stockMovementReason = pgEnum("stock_movement_reason", ["restock", "count", "sale", "return", "correction"]);

/**
 * The ledger of item_stock.quantity: every change writes one row in the
 * same transaction, so for each variant the deltas sum to its quantity.
 */
export const stockMovement = pgTable("stock_movement", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  itemStockId: integer().notNull().references(() => itemStock.id, { onDelete: "cascade" }),
  delta: integer().notNull(),
  quantityAfter: integer().notNull(),
  reason: stockMovementReason().notNull(),
  note: text(),
  staffUserId: text().references(() => users.id, { onDelete: "set null" }),
  orderId: integer().references(() => order.id, { onDelete: "set null" }),
  createdAt: createdAt(),
}, (t) => [
  index("stock_movement_variant_idx").on(t.itemStockId, t.createdAt),
  index("stock_movement_reason_idx").on(t.reason, t.createdAt),
]);

/** The shop's own settings: one row. */
export const shopSettings = pgTable("shop_settings", {
  id: integer().primaryKey().default(1),
  lowStockDefault: integer().notNull().default(3),
  updatedAt: createdAt(),
}, (t) => [
  check("shop_settings_single_row", sql`${t.id} = 1`),
  check("shop_settings_low_stock_non_negative", sql`${t.lowStockDefault} >= 0`),
]);

// ---- Shipping -----------------------------------------------------------

/** The zones of lib/delivery/provinces.ts: each of the 24 jurisdictions belongs to one. */
export const shippingZone = pgEnum("shipping_zone", ["caba", "buenos_aires", "centro", "litoral", "norte", "cuyo", "patagonia"]);

/** The flat shipping rate of each zone, set by staff; the migration seeds every zone. */
export const shippingRate = pgTable("shipping_rate", {
  zone: shippingZone().primaryKey(),
  /** Integer minor units (centavos) of ARS; 0 ships free. */
  rateMinor: integer().notNull(),
  updatedAt: createdAt(),
}, (t) => [check("shipping_rate_non_negative", sql`${t.rateMinor} >= 0`)]);

/** Free shipping for carts whose items reach this subtotal: one row. */
export const shippingSettings = pgTable("shipping_settings", {
  id: integer().primaryKey().default(1),
  /** Integer minor units (centavos) of ARS; null: shipping is never free by subtotal. */
  freeOverMinor: integer(),
  updatedAt: createdAt(),
}, (t) => [
  check("shipping_settings_single_row", sql`${t.id} = 1`),
  check("shipping_settings_free_over_positive", sql`${t.freeOverMinor} > 0`),
]);

// ---- Accounts (Auth.js tables, plus the password hash) ------------------

export const userRole = pgEnum("user_role", ["shopper", "staff"]);

export const users = pgTable("users", {
  id: text().primaryKey().$defaultFn(() => crypto.randomUUID()),
  name: text(),
  email: text().notNull().unique(),
  emailVerified: timestamp({ withTimezone: true, mode: "date" }),
  image: text(),
  passwordHash: text(),
  role: userRole().notNull().default("shopper"),
  /** Set for a one-time password: nothing but changing it is allowed until it is changed. */
  mustChangePassword: boolean().notNull().default(false),
  /** When the password last changed; a session signed in with an older password ends. */
  passwordChangedAt: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
});

export const accounts = pgTable("accounts", {
  userId: text().notNull().references(() => users.id, { onDelete: "cascade" }),
  type: text().notNull(),
  provider: text().notNull(),
  providerAccountId: text().notNull(),
  refresh_token: text(),
  access_token: text(),
  expires_at: integer(),
  token_type: text(),
  scope: text(),
  id_token: text(),
  session_state: text(),
}, (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })]);

export const sessions = pgTable("sessions", {
  sessionToken: text().primaryKey(),
  userId: text().notNull().references(() => users.id, { onDelete: "cascade" }),
  expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});

export const verificationTokens = pgTable("verification_tokens", {
  identifier: text().notNull(),
  token: text().notNull(),
  expires: timestamp({ withTimezone: true, mode: "date" }).notNull(),
}, (t) => [primaryKey({ columns: [t.identifier, t.token] })]);

export const accountTokenPurpose = pgEnum("account_token_purpose", ["verify_email", "reset_password"]);

/**
 * Single-use links emailed to an account holder (confirm the email, reset
 * the password). Only the SHA-256 of the token is kept; the token itself
 * lives in the emailed link. Our own table rather than Auth.js's
 * verification_tokens, which has no purpose, owner or use mark.
 */
export const accountToken = pgTable("account_token", {
  id: uuid().primaryKey().defaultRandom(),
  userId: text().notNull().references(() => users.id, { onDelete: "cascade" }),
  purpose: accountTokenPurpose().notNull(),
  tokenHash: text().notNull().unique(),
  /** The address the link was sent to: it proves control of this address only. */
  email: text().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index("account_token_user_idx").on(t.userId, t.purpose)]);

/** Failed sign-ins per key ("email:…" or "ip:…"), shared by every app instance. */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  lockedUntil: timestamp({ withTimezone: true }),
});

// ---- Cart ---------------------------------------------------------------

export const cart = pgTable("cart", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  /** Random guest token (>= 128 bits) held in the cart cookie. */
  token: text().notNull().unique(),
  userId: text().unique().references(() => users.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

export const cartItem = pgTable("cart_item", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  cartId: integer().notNull().references(() => cart.id, { onDelete: "cascade" }),
  itemStockId: integer().notNull().references(() => itemStock.id, { onDelete: "cascade" }),
  quantity: integer().notNull(),
  addedAt: createdAt(),
}, (t) => [
  uniqueIndex("cart_item_line_unique").on(t.cartId, t.itemStockId),
  index("cart_item_stock_idx").on(t.itemStockId),
  check("cart_item_quantity_positive", sql`${t.quantity} > 0`),
]);

// ---- Orders and payments ------------------------------------------------

export const orderStatus = pgEnum("order_status", [
  "pending_payment",
  "paid",
  "refund_pending",
  "refunded",
  "expired",
  /** Replaced by a newer order of the same cart, or dropped to keep five unfinished. */
  "superseded",
  /** Paid, then cancelled by staff: refunded, its units returned to stock. */
  "cancelled",
]);

export const fulfilmentStatus = pgEnum("fulfilment_status", ["unfulfilled", "packed", "shipped"]);

export const order = pgTable("order", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  cartId: integer().references(() => cart.id, { onDelete: "set null" }),
  userId: text().references(() => users.id, { onDelete: "set null" }),
  status: orderStatus().notNull().default("pending_payment"),
  email: text().notNull(),
  fullName: text().notNull(),
  address: text().notNull(),
  city: text().notNull(),
  postalCode: text().notNull(),
  /** The jurisdiction's ISO 3166-2:AR letter (lib/delivery/provinces.ts); null on orders placed before it was asked. */
  province: text(),
  phone: text(),
  /** DNI or CUIT, digits only; optional. */
  taxId: text(),
  /** The shipping line: what delivery to `province` cost at confirm, and the zone it was priced by. */
  shippingZone: shippingZone(),
  shippingMinor: integer().notNull().default(0),
  /** Items plus shipping. */
  totalMinor: integer().notNull(),
  currency: text().notNull().default("ARS"),
  /** SHA-256 of the guest access token; the token itself lives only in links. */
  accessTokenHash: text().notNull(),
  /** Lines and contact details at confirm time, to reuse an unchanged cart's link. */
  cartFingerprint: text().notNull(),
  createdAt: createdAt(),
  paidAt: timestamp({ withTimezone: true }),
  fulfilment: fulfilmentStatus().notNull().default("unfulfilled"),
  carrier: text(),
  trackingNumber: text(),
  /** The language the order was placed in ("es" or "en"): its emails and the return from Mercado Pago use it. */
  locale: text().notNull().default("es"),
}, (t) => [
  index("order_user_idx").on(t.userId, t.createdAt),
  index("order_cart_idx").on(t.cartId, t.createdAt),
  index("order_created_idx").on(t.createdAt),
  index("order_status_created_idx").on(t.status, t.createdAt),
  index("order_email_idx").on(t.email),
  // The staff's work queues (paid and unfulfilled: to pack; paid and packed: to ship), newest first,
  // and their counts. The migration adds statistics on (status, fulfilment) too: without them the
  // planner multiplies the two columns' frequencies, expects thousands of orders to pack where a
  // shop has dozens, and walks order_created_idx instead.
  index("order_status_fulfilment_idx").on(t.status, t.fulfilment, t.createdAt),
  // Guest orders waiting for their email's account to be confirmed.
  index("order_guest_email_idx").on(sql`lower(${t.email})`).where(sql`${t.userId} is null`),
  check("order_shipping_non_negative", sql`${t.shippingMinor} >= 0`),
]);

/** What happened to an order, in order: the back office's timeline. */
export const orderEvent = pgTable("order_event", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  orderId: integer().notNull().references(() => order.id, { onDelete: "cascade" }),
  kind: text().notNull(),
  detail: text(),
  staffUserId: text().references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
}, (t) => [index("order_event_order_idx").on(t.orderId, t.createdAt)]);

export const orderItem = pgTable("order_item", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  orderId: integer().notNull().references(() => order.id, { onDelete: "cascade" }),
  itemStockId: integer().notNull().references(() => itemStock.id),
  productName: text().notNull(),
  productSlug: text().notNull(),
  image: text().notNull(),
  size: text().notNull(),
  color: text().notNull(),
  unitPriceMinor: integer().notNull(),
  quantity: integer().notNull(),
}, (t) => [
  index("order_item_order_idx").on(t.orderId),
  check("order_item_quantity_positive", sql`${t.quantity} > 0`),
]);

export const paymentStatus = pgEnum("payment_status", [
  "created",
  "pending",
  "approved",
  "rejected",
  "refunded",
  "expired",
  /** Its order was superseded: holds released, link expired at Mercado Pago. */
  "superseded",
]);

export const payment = pgTable("payment", {
  /** Also the `external_reference` sent to Mercado Pago. */
  id: uuid().primaryKey().defaultRandom(),
  orderId: integer().notNull().references(() => order.id, { onDelete: "cascade" }),
  /** "user:<id>" or "cart:<id>": whose unfinished payments are capped at five. */
  shopperKey: text().notNull(),
  status: paymentStatus().notNull().default("created"),
  amountMinor: integer().notNull(),
  currency: text().notNull().default("ARS"),
  preferenceId: text(),
  initPoint: text(),
  mercadoPagoPaymentId: text(),
  createdAt: createdAt(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  approvedAt: timestamp({ withTimezone: true }),
  /** When Mercado Pago took the early expiry of a superseded payment's link; null while owed. */
  linkExpiredAt: timestamp({ withTimezone: true }),
}, (t) => [
  index("payment_shopper_idx").on(t.shopperKey, t.createdAt),
  index("payment_order_idx").on(t.orderId),
  index("payment_expiry_idx").on(t.status, t.expiresAt),
]);

export const stockHold = pgTable("stock_hold", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  orderId: integer().notNull().references(() => order.id, { onDelete: "cascade" }),
  itemStockId: integer().notNull().references(() => itemStock.id, { onDelete: "cascade" }),
  quantity: integer().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
}, (t) => [
  index("stock_hold_variant_idx").on(t.itemStockId, t.expiresAt),
  index("stock_hold_order_idx").on(t.orderId),
  check("stock_hold_quantity_positive", sql`${t.quantity} > 0`),
]);

/** Why money that reached us goes back. */
export const refundReason = pgEnum("refund_reason", [
  /** Stock ran out before the payment arrived. */
  "sold_out",
  /** Paid after the link expired, and the stock was gone. */
  "expired",
  /** Paid a link whose order a newer one replaced. */
  "superseded",
  /** A second payment of an order already paid. */
  "duplicate",
  /** Amount or currency differs from the order's. */
  "mismatch",
  /** Approved on our account for no payment of ours. */
  "unmatched",
  /** Staff cancelled the paid order. */
  "cancelled",
]);

/** `resolved`: a person settled it outside Mercado Pago's refund API (noted why). */
export const refundStatus = pgEnum("refund_status", ["pending", "refunded", "resolved"]);

/**
 * Every refund the shop owes, written before Mercado Pago is answered and
 * retried with one idempotency key until Mercado Pago confirms it. One row
 * per Mercado Pago payment: a payment is refunded in full, once.
 */
export const refund = pgTable("refund", {
  id: uuid().primaryKey().defaultRandom(),
  mercadoPagoPaymentId: text().notNull().unique(),
  paymentId: uuid().references(() => payment.id, { onDelete: "set null" }),
  orderId: integer().references(() => order.id, { onDelete: "set null" }),
  reason: refundReason().notNull(),
  status: refundStatus().notNull().default("pending"),
  amountMinor: integer().notNull(),
  currency: text().notNull(),
  attempts: integer().notNull().default(0),
  nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastError: text(),
  mercadoPagoRefundId: text(),
  createdAt: createdAt(),
  refundedAt: timestamp({ withTimezone: true }),
  resolvedBy: text().references(() => users.id, { onDelete: "set null" }),
  resolvedAt: timestamp({ withTimezone: true }),
  resolutionNote: text(),
}, (t) => [
  index("refund_due_idx").on(t.status, t.nextAttemptAt),
  index("refund_order_idx").on(t.orderId),
]);

/** Each time the refund job asked Mercado Pago, and what it answered: a refund's history. */
export const refundAttempt = pgTable("refund_attempt", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  refundId: uuid().notNull().references(() => refund.id, { onDelete: "cascade" }),
  isOk: boolean().notNull(),
  error: text(),
  createdAt: createdAt(),
}, (t) => [index("refund_attempt_refund_idx").on(t.refundId, t.createdAt)]);

// ---- Staff --------------------------------------------------------------

/** Every staff change: who, what, before, after, when. */
export const auditLog = pgTable("audit_log", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  staffUserId: text().references(() => users.id, { onDelete: "set null" }),
  /** Kept as written, so the entry still says who after the account is gone. */
  staffEmail: text().notNull(),
  entityType: text().notNull(),
  entityId: text().notNull(),
  action: text().notNull(),
  before: jsonb(),
  after: jsonb(),
  createdAt: createdAt(),
}, (t) => [index("audit_log_entity_idx").on(t.entityType, t.entityId, t.createdAt)]);

/** Periodic jobs that must run once per period across every instance (the daily digest). */
export const jobRun = pgTable("job_run", {
  name: text().notNull(),
  period: text().notNull(),
  ranAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.name, t.period] })]);

/** Fixed-window request counters per key ("return:<address>", …), shared by every instance. */
export const rateLimit = pgTable("rate_limit", {
  key: text().primaryKey(),
  hits: integer().notNull(),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
});

// ---- Email --------------------------------------------------------------

export const emailStatus = pgEnum("email_status", ["pending", "sent", "failed"]);

export const emailOutbox = pgTable("email_outbox", {
  id: uuid().primaryKey().defaultRandom(),
  orderId: integer().references(() => order.id, { onDelete: "set null" }),
  kind: text().notNull(),
  to: text().notNull(),
  subject: text().notNull(),
  html: text().notNull(),
  text: text().notNull(),
  status: emailStatus().notNull().default("pending"),
  attempts: integer().notNull().default(0),
  nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastError: text(),
  providerMessageId: text(),
  createdAt: createdAt(),
  sentAt: timestamp({ withTimezone: true }),
}, (t) => [
  index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
  uniqueIndex("email_outbox_order_kind_unique").on(t.orderId, t.kind),
]);

export type Order = typeof order.$inferSelect;
export type OrderItem = typeof orderItem.$inferSelect;
export type AccountToken = typeof accountToken.$inferSelect;
export type Payment = typeof payment.$inferSelect;
export type EmailOutbox = typeof emailOutbox.$inferSelect;
export type Refund = typeof refund.$inferSelect;
export type StockMovement = typeof stockMovement.$inferSelect;
