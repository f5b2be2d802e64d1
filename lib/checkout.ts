import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, or } from "drizzle-orm";
import { z } from "zod";
import { db, type Transaction } from "@/db/client";
import { cart, order, orderItem, payment, stockHold } from "@/db/schema";
import { emailField } from "./accounts";
import { cartRows, linesAgainstStock, type CartOwner, type CartRow } from "./cart";
import { now } from "./clock";
import { translator, type Locale } from "./i18n";
import { phoneField, postalCodeField, postalCodeMatchesProvince, provinceField, taxIdField } from "./delivery/fields";
import { provinceOf } from "./delivery/provinces";
import { quoteShipping, type ShippingQuote } from "./delivery/shipping";
import { shippingRates } from "./delivery/shipping-settings";
import { hashAccessToken, orderAccessToken } from "./order-access";
import { recordOrderEvents } from "./order-events";
import { createPaymentLink, PAYMENT_LINK_TTL_MS } from "./payments/mercadopago";
import { stockChanged } from "./catalog-cache";
import { kickLinkExpiry, supersedeOrders, type ReleasedHold } from "./payments/supersede";
import { activeUnitsByVariant, availableUnderStockLock } from "./stock";

const text = (message: string, min: number, max: number) =>
  z.string({ error: message }).trim().min(min, message).max(max, `forms.maxCharacters:${max}`);

export const contactSchema = z.object({
  email: emailField,
  fullName: text("forms.fullName", 2, 120),
  address: text("forms.address", 4, 200),
  city: text("forms.city", 2, 100),
  province: provinceField,
  postalCode: postalCodeField,
  phone: phoneField,
  taxId: taxIdField,
}).refine((contact) => postalCodeMatchesProvince(contact.postalCode, contact.province), {
  // A CPA starts with its province's letter: C1425ABC is in the City, never in Córdoba.
  message: "errors.postalCodeProvince",
  path: ["postalCode"],
  // Checked as soon as these two fields parse, so it shows beside the other fields' errors, not after them.
  when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === "province" || issue.path?.[0] === "postalCode"),
});

export type Contact = z.infer<typeof contactSchema>;
/** The checkout form's details and the language the order is placed in (its emails and return page use it). */
export type OrderContact = Contact & { locale?: Locale };

export type Shortage = { productName: string; size: string; color: string; requested: number; available: number };

export type ConfirmResult =
  | { ok: true; orderId: number; paymentId: string; initPoint: string; isReused: boolean }
  | { ok: false; reason: "empty_cart"; message: string }
  | { ok: false; reason: "shortfall"; message: string; shortages: Shortage[] }
  | { ok: false; reason: "payment_unavailable" | "confirming" | "replaced"; message: string };

export const PAYMENT_UNAVAILABLE_MESSAGE =
  "The payment service is unavailable right now. Your cart is intact — please try again.";
const REPLACED_MESSAGE = "You confirmed this cart again in another window, so this order was replaced. Confirm again here, or pay in the other window.";
export const MAX_UNFINISHED_PAYMENTS = 5;
/**
 * Holds of an order whose link does not exist yet count for this long only:
 * an instance that dies between commit and link creation cannot lock stock
 * for the link's hour. Creating the link extends them to the link's expiry.
 */
export const PROVISIONAL_HOLD_MS = 2 * 60 * 1000;
// A link about to expire is not worth reusing: the shopper needs time to pay.
const REUSE_MARGIN_MS = 5 * 60 * 1000;
// Longer than the slowest Mercado Pago call (two timed-out attempts): a link
// still missing after this was abandoned by a process that died mid-confirm.
const ABANDONED_AFTER_MS = 30_000;
const LINK_WAIT_MS = 12_000;
const LINK_POLL_MS = 100;

type Line = CartRow;

type Draft = {
  orderId: number;
  paymentId: string;
  contact: OrderContact;
  lines: Line[];
  shipping: ShippingQuote;
  currency: string;
  createdAt: Date;
  expiresAt: Date;
};

type Prepared =
  | { kind: "refused"; result: ConfirmResult }
  | { kind: "reuse"; orderId: number; paymentId: string; initPoint: string }
  | { kind: "in_progress"; orderId: number; paymentId: string }
  | { kind: "created"; draft: Draft; hasSuperseded: boolean };

/**
 * Confirms the shopper's cart: re-checks stock, snapshots it into an order
 * that holds its units, and returns the Mercado Pago link to pay it. The
 * same unchanged cart gets the same link back while it is still valid.
 */
export async function confirmOrder(owner: CartOwner, contact: OrderContact): Promise<ConfirmResult> {
  // A first look, before any transaction or lock: in a rush on one item, shoppers
  // who are clearly short are refused without queueing on its stock lock.
  const early = (await linesAgainstStock(owner)).flatMap((line) => shortageOf(line, line.available));
  if (early.length > 0) return refusal(early);
  const prepared = await prepareOrder(owner, contact);
  switch (prepared.kind) {
    case "refused":
      return prepared.result;
    case "reuse":
      return { ok: true, orderId: prepared.orderId, paymentId: prepared.paymentId, initPoint: prepared.initPoint, isReused: true };
    case "in_progress":
      return waitForLink(prepared.orderId, prepared.paymentId);
    case "created": {
      // Its holds, and the superseded orders' released ones, change what pages show.
      stockChanged();
      if (prepared.hasSuperseded) kickLinkExpiry();
      const opened = await openPaymentLink(prepared.draft);
      // No link: the order and its holds went.
      if (!opened.ok) stockChanged();
      return opened;
    }
  }
}

/** Thrown to roll confirm's transaction back whole when the check under the stock locks finds stock short. */
class Shortfall extends Error {
  constructor(readonly shortages: Shortage[]) {
    super("stock fell short under the stock locks");
  }
}

/**
 * The one transaction of confirm. Locks, in order: the cart row (so clicks
 * on one cart take turns), the unfinished payments of the shopper and of the
 * cart, then — last — the variants' stock locks by id (so holds never
 * oversell; see lockStock). The order is recorded before the cart lock is
 * released, so a second click finds it instead of making another. One live
 * order per cart: the cart's earlier unfinished orders are superseded here,
 * and the shopper's oldest beyond five go the same way.
 *
 * In a rush on one item every confirm queues on its stock lock, so
 * everything (superseding, the order, its payment, its lines and holds) is
 * written before that lock, and only the re-check after it, sent with the
 * lock in one round trip: the lock is held for that answer and the commit.
 * A shortage found then rolls all of it back: nothing is recorded.
 */
async function prepareOrder(owner: CartOwner, contact: OrderContact): Promise<Prepared> {
  return db.transaction(async (tx): Promise<Prepared> => {
    const at = now();
    const cartId = await lockCart(tx, owner);
    const lines = cartId === null ? [] : await readLines(tx, cartId);
    if (cartId === null || lines.length === 0) {
      return { kind: "refused", result: { ok: false, reason: "empty_cart", message: "Your cart is empty." } };
    }
    // Shipping is priced here, from the settings in force and the items' database prices; never from the form.
    const shipping = quoteShipping(await shippingRates(tx), contact.province, itemsTotal(lines));
    const fingerprint = cartFingerprint(lines, contact, shipping);
    const shopperKey = owner.userId ? `user:${owner.userId}` : `cart:${cartId}`;
    const unfinished = await lockUnfinishedPayments(tx, shopperKey, cartId);

    const same = unfinished
      .filter((p) => p.cartId === cartId && p.fingerprint === fingerprint && p.status === "created")
      .filter((p) => p.expiresAt.getTime() > at.getTime() + REUSE_MARGIN_MS)
      .at(-1);
    if (same?.initPoint) return { kind: "reuse", orderId: same.orderId, paymentId: same.id, initPoint: same.initPoint };
    if (same && same.createdAt.getTime() > at.getTime() - ABANDONED_AFTER_MS) {
      return { kind: "in_progress", orderId: same.orderId, paymentId: same.id };
    }

    const ofThisCart = unfinished.filter((p) => p.cartId === cartId);
    const others = unfinished.filter((p) => p.cartId !== cartId);
    const oldest = others.slice(0, Math.max(0, others.length - (MAX_UNFINISHED_PAYMENTS - 1)));
    const superseded = [...ofThisCart, ...oldest].map((p) => p.orderId);
    const released = await supersedeOrders(tx, superseded);
    const draft = await recordOrder(tx, { owner, cartId, shopperKey, fingerprint, contact, lines, shipping, at });
    await recordLinesAndHolds(tx, draft);

    // The decisive look, under the variants' stock locks, read after they are ours.
    // The cart's own holds count as available (the order replacing them takes
    // their place): they are those its superseded orders released above.
    const variantIds = lines.map((l) => l.variantId);
    const own = activeUnitsByVariant(released.filter((h) => ofThisCart.some((p) => p.orderId === h.orderId)), at);
    const available = countReleasedAsTaken(await availableUnderStockLock(tx, variantIds, draft.orderId), released, at);
    const shortages = lines.flatMap((line) => shortageOf(line, line.isActive ? (available.get(line.variantId) ?? 0) + (own.get(line.variantId) ?? 0) : 0));
    if (shortages.length > 0) throw new Shortfall(shortages);
    return { kind: "created", draft, hasSuperseded: superseded.length > 0 };
  }).catch(refusedIfShort);
}

/** The refusal a Shortfall carries, once its transaction has rolled back; any other error goes on. */
function refusedIfShort(error: unknown): Prepared {
  if (error instanceof Shortfall) return { kind: "refused", result: refusal(error.shortages) };
  throw error;
}

async function lockCart(tx: Transaction, owner: CartOwner): Promise<number | null> {
  const where = owner.userId ? eq(cart.userId, owner.userId) : owner.token ? eq(cart.token, owner.token) : undefined;
  if (!where) return null;
  const [row] = await tx.select({ id: cart.id }).from(cart).where(where).for("update");
  return row?.id ?? null;
}

/** Cart lines with prices from the database, in variant id order (the lock order). */
async function readLines(tx: Transaction, cartId: number): Promise<Line[]> {
  return (await cartRows(tx, cartId)).sort((x, y) => x.variantId - y.variantId);
}

const itemsTotal = (lines: Line[]) => lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);

/**
 * Lines, contact details and shipping: the same fingerprint means the same
 * order. A new price, a new shipping rate, or an item staff stopped
 * selling, makes it a new order (never a reused link).
 */
function cartFingerprint(lines: Line[], contact: OrderContact, shipping: ShippingQuote): string {
  const content = {
    lines: lines.map((l) => [l.variantId, l.quantity, l.unitPriceMinor, l.currency, l.isActive]),
    contact: [contact.email, contact.fullName, contact.address, contact.city, contact.province, contact.postalCode, contact.phone, contact.taxId],
    shipping: [shipping.zone, shipping.amountMinor],
  };
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/**
 * The unfinished (created or pending) payments of the shopper and of the
 * cart, oldest first, locked in id order.
 */
async function lockUnfinishedPayments(tx: Transaction, shopperKey: string, cartId: number) {
  const rows = await tx
    .select({
      id: payment.id,
      status: payment.status,
      initPoint: payment.initPoint,
      createdAt: payment.createdAt,
      expiresAt: payment.expiresAt,
      orderId: order.id,
      cartId: order.cartId,
      fingerprint: order.cartFingerprint,
    })
    .from(payment)
    .innerJoin(order, eq(order.id, payment.orderId))
    .where(and(or(eq(payment.shopperKey, shopperKey), eq(order.cartId, cartId)), inArray(payment.status, ["created", "pending"])))
    .orderBy(asc(payment.id))
    .for("update", { of: payment });
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.orderId - b.orderId);
}

/** The line's shortage when `left` units do not cover it. */
function shortageOf(line: { productName: string; size: string; color: string; quantity: number }, left: number): Shortage[] {
  if (left >= line.quantity) return [];
  return [{ productName: line.productName, size: line.size, color: line.color, requested: line.quantity, available: left }];
}

/**
 * Available units as they were before this confirm superseded anything: by
 * the re-check, the superseded orders' holds are gone, and the check must
 * decide as the first look did — the cart's own holds its own (added back
 * after), the shopper's other orders' still taken. Available never goes
 * below zero, so the released units come off before the own ones go back on.
 */
function countReleasedAsTaken(available: Map<number, number>, released: ReleasedHold[], at: Date): Map<number, number> {
  const taken = activeUnitsByVariant(released, at);
  return new Map([...available].map(([id, units]) => [id, Math.max(units - (taken.get(id) ?? 0), 0)]));
}

function refusal(shortages: Shortage[]): ConfirmResult {
  return { ok: false, reason: "shortfall", message: shortageMessage(shortages), shortages };
}

function shortageMessage(shortages: Shortage[]): string {
  const items = shortages.map((s) =>
    `${s.productName} (${s.size}, ${s.color}): ${s.available === 0 ? "sold out" : `only ${s.available} left`}, you asked for ${s.requested}`);
  return `Some items are no longer available in the quantity in your cart — ${items.join("; ")}. Please update your cart.`;
}

type NewOrder = {
  owner: CartOwner;
  cartId: number;
  shopperKey: string;
  fingerprint: string;
  contact: OrderContact;
  lines: Line[];
  shipping: ShippingQuote;
  at: Date;
};

async function recordOrder(tx: Transaction, input: NewOrder): Promise<Draft> {
  const { contact, lines, shipping, at } = input;
  const currencies = new Set(lines.map((l) => l.currency));
  const currency = lines[0]?.currency ?? "ARS";
  if (currencies.size > 1) throw new Error(`Cart ${input.cartId} mixes currencies: ${[...currencies].join(", ")}`);
  // The shipping line is its own part of the snapshot (zone, amount) and of the total paid.
  const totalMinor = itemsTotal(lines) + shipping.amountMinor;
  const expiresAt = new Date(at.getTime() + PAYMENT_LINK_TTL_MS);

  const [created] = await tx
    .insert(order)
    .values({
      cartId: input.cartId,
      userId: input.owner.userId ?? null,
      ...contact,
      // Callers outside a page (tests, scripts) that name no language get lib/'s default, English.
      locale: contact.locale ?? "en",
      shippingZone: shipping.zone,
      shippingMinor: shipping.amountMinor,
      totalMinor,
      currency,
      // The hash needs the id; the row is only visible once this transaction commits.
      accessTokenHash: "",
      cartFingerprint: input.fingerprint,
      createdAt: at,
    })
    .returning({ id: order.id });
  if (!created) throw new Error("order was not created");
  const orderId = created.id;
  await tx.update(order).set({ accessTokenHash: hashAccessToken(orderAccessToken(orderId)) }).where(eq(order.id, orderId));
  await recordOrderEvents(tx, [orderId], "confirmed");
  const paymentId = randomUUID();
  await tx.insert(payment).values({
    id: paymentId,
    orderId,
    shopperKey: input.shopperKey,
    status: "created",
    amountMinor: totalMinor,
    currency,
    createdAt: at,
    expiresAt,
  });
  return { orderId, paymentId, contact, lines, shipping, currency, createdAt: at, expiresAt };
}

/**
 * The order's lines and their holds, before the stock locks: nobody sees
 * them before commit, and the check under the locks decides whether they
 * stay. Their foreign keys key-share-lock each variant row, which no path
 * that takes a stock lock waits for (they lock the row FOR NO KEY UPDATE).
 */
async function recordLinesAndHolds(tx: Transaction, draft: Draft): Promise<void> {
  const { orderId, lines } = draft;
  await tx.insert(orderItem).values(lines.map((l) => ({
    orderId,
    itemStockId: l.variantId,
    productName: l.productName,
    productSlug: l.productSlug,
    image: l.image,
    size: l.size,
    color: l.color,
    unitPriceMinor: l.unitPriceMinor,
    quantity: l.quantity,
  })));
  const provisionalUntil = new Date(draft.createdAt.getTime() + PROVISIONAL_HOLD_MS);
  await tx.insert(stockHold).values(lines.map((l) => ({ orderId, itemStockId: l.variantId, quantity: l.quantity, expiresAt: provisionalUntil })));
}

/**
 * Asks Mercado Pago for the link outside any transaction, so no row stays
 * locked during the call. If it fails the order goes, with its holds and
 * payment, and the cart is as it was. If it succeeds, the provisional holds
 * are extended to the link's hour — unless the order was superseded or its
 * holds lapsed meanwhile: then the new link is expired instead of handed out.
 */
async function openPaymentLink(draft: Draft): Promise<ConfirmResult> {
  const link = await createPaymentLink({
    paymentId: draft.paymentId,
    payerEmail: draft.contact.email,
    payerName: draft.contact.fullName,
    currency: draft.currency,
    lines: draft.lines.map((l) => ({
      variantId: l.variantId,
      title: `${l.productName} — ${l.size}, ${l.color}`,
      image: l.image,
      unitPriceMinor: l.unitPriceMinor,
      quantity: l.quantity,
    })),
    shipping: draft.shipping.amountMinor > 0
      ? {
        title: translator(draft.contact.locale ?? "en", "email.purchase")("shippingTo", { province: provinceOf(draft.shipping.province)?.name ?? draft.shipping.province }),
        amountMinor: draft.shipping.amountMinor,
      }
      : null,
    createdAt: draft.createdAt,
    expiresAt: draft.expiresAt,
    locale: draft.contact.locale,
  });
  if (!link.ok) {
    await db.delete(order).where(eq(order.id, draft.orderId));
    return { ok: false, reason: "payment_unavailable", message: PAYMENT_UNAVAILABLE_MESSAGE };
  }
  const held = await db.transaction(async (tx): Promise<"held" | "replaced" | "lapsed"> => {
    const [stored] = await tx
      .update(payment)
      .set({ preferenceId: link.preferenceId, initPoint: link.initPoint })
      .where(eq(payment.id, draft.paymentId))
      .returning({ status: payment.status });
    if (stored?.status !== "created") return "replaced";
    const extended = await tx
      .update(stockHold)
      .set({ expiresAt: draft.expiresAt })
      .where(and(eq(stockHold.orderId, draft.orderId), gt(stockHold.expiresAt, now())))
      .returning({ id: stockHold.id });
    if (extended.length === draft.lines.length) {
      await recordOrderEvents(tx, [draft.orderId], "link_created", { detail: link.preferenceId });
      return "held";
    }
    await supersedeOrders(tx, [draft.orderId]);
    return "lapsed";
  });
  if (held === "held") return { ok: true, orderId: draft.orderId, paymentId: draft.paymentId, initPoint: link.initPoint, isReused: false };
  kickLinkExpiry();
  return held === "replaced"
    ? { ok: false, reason: "replaced", message: REPLACED_MESSAGE }
    : { ok: false, reason: "payment_unavailable", message: PAYMENT_UNAVAILABLE_MESSAGE };
}

/** A second click while the first is still asking Mercado Pago waits for that link. */
async function waitForLink(orderId: number, paymentId: string): Promise<ConfirmResult> {
  for (let waited = 0; waited < LINK_WAIT_MS; waited += LINK_POLL_MS) {
    const [row] = await db.select({ initPoint: payment.initPoint }).from(payment).where(eq(payment.id, paymentId));
    if (!row) return { ok: false, reason: "payment_unavailable", message: PAYMENT_UNAVAILABLE_MESSAGE };
    if (row.initPoint) return { ok: true, orderId, paymentId, initPoint: row.initPoint, isReused: true };
    await new Promise((resolve) => setTimeout(resolve, LINK_POLL_MS));
  }
  return { ok: false, reason: "confirming", message: "Your order is still being confirmed. Please try again in a moment." };
}

/** The link to pay an order, only while it can still be paid. */
export async function payableLink(orderId: number): Promise<{ initPoint: string; expiresAt: Date } | null> {
  const [row] = await db
    .select({ initPoint: payment.initPoint, expiresAt: payment.expiresAt })
    .from(payment)
    .where(and(eq(payment.orderId, orderId), eq(payment.status, "created"), gt(payment.expiresAt, now())));
  return row?.initPoint ? { initPoint: row.initPoint, expiresAt: row.expiresAt } : null;
}

