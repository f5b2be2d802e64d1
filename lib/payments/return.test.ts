import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db/client";
import { cart } from "@/db/schema";
import { orderPath } from "@/lib/order-access";
import { type CartOwner } from "@/lib/cart";
import { setClockOffset } from "@/lib/clock";
import { NEUTRAL_RETURN_PATH, paymentReturn, STRANGER_RETURNS, type Visitor } from "./return";
import { cartWith, confirmed, signedInUser, snapshot, startMercadoPagoForTests } from "./test-support";

const mercadoPago = startMercadoPagoForTests();

/** A client address of this test's own, so rate limits never carry over between tests (counted, not drawn: two draws could meet). */
let addresses = randomBytes(2).readUInt16BE() & 0x7fff;
const address = () => {
  addresses += 1;
  return `198.51.${(addresses >> 8) & 255}.${addresses & 255}`;
};

async function cartToken(owner: CartOwner): Promise<string> {
  if (owner.token) return owner.token;
  const [row] = await db.select({ token: cart.token }).from(cart).where(eq(cart.userId, owner.userId ?? ""));
  if (!row) throw new Error("no cart");
  return row.token;
}

/** The browser that confirmed: it holds the cart cookie (and the session, when signed in). */
async function ownBrowser(owner: CartOwner): Promise<Visitor> {
  return { userId: owner.userId ?? null, cartToken: await cartToken(owner), address: address() };
}

const stranger = (): Visitor => ({ userId: null, cartToken: null, address: address() });

async function confirmedGuest() {
  const { owner, variant } = await cartWith(5, 2);
  return { owner, variant, ...(await confirmed(owner)) };
}

function pay(preferenceId: string, status: "approved" | "rejected" | "pending") {
  return mercadoPago().standIn.pay(preferenceId, status, { notify: false });
}

describe("the return from Mercado Pago", () => {
  it("sends an approved guest's own browser to the order page with its token", async () => {
    const { owner, orderId, preferenceId, paymentId } = await confirmedGuest();
    const paid = await pay(preferenceId, "approved");

    const answer = await paymentReturn({ paymentId: String(paid.id), externalReference: paymentId }, await ownBrowser(owner));

    expect(answer).toEqual({ kind: "redirect", path: orderPath(orderId, true) });
  });

  it("sends an approved signed-in shopper to their orders, and finalizes", async () => {
    const { owner, variant } = await cartWith(5, 1, await signedInUser());
    const { preferenceId, orderId } = await confirmed(owner);
    const paid = await pay(preferenceId, "approved");

    expect(await paymentReturn({ paymentId: String(paid.id) }, await ownBrowser(owner))).toEqual({ kind: "redirect", path: "/orders" });
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" } });
  });

  it("sends the owner of a rejected payment back to checkout, with the holds released", async () => {
    const { owner, variant, orderId, preferenceId } = await confirmedGuest();
    const rejected = await pay(preferenceId, "rejected");

    expect(await paymentReturn({ paymentId: String(rejected.id) }, await ownBrowser(owner)))
      .toEqual({ kind: "redirect", path: "/checkout?payment=rejected" });
    expect(await snapshot(orderId, variant.id)).toMatchObject({ holds: 0, order: { status: "pending_payment" } });
  });

  it("shows the owner of a pending payment its order page", async () => {
    const { owner, orderId, preferenceId } = await confirmedGuest();
    const pending = await pay(preferenceId, "pending");

    expect(await paymentReturn({ paymentId: String(pending.id) }, await ownBrowser(owner)))
      .toEqual({ kind: "redirect", path: orderPath(orderId, true) });
  });

  it("sends a shopper who left without paying back to checkout", async () => {
    expect(await paymentReturn({}, stranger())).toEqual({ kind: "redirect", path: "/checkout" });
  });

  it("tells the owner who comes back without paying, after the link expired, that it expired; nobody else", async () => {
    const { owner, paymentId } = await confirmedGuest();
    const mine = await ownBrowser(owner);
    expect(await paymentReturn({ externalReference: paymentId }, mine)).toEqual({ kind: "redirect", path: "/checkout" });

    setClockOffset(61 * 60_000);
    try {
      expect(await paymentReturn({ externalReference: paymentId }, mine)).toEqual({ kind: "redirect", path: "/checkout?payment=expired" });
      expect(await paymentReturn({ externalReference: paymentId }, stranger())).toEqual({ kind: "redirect", path: "/checkout" });
    } finally {
      setClockOffset(0);
    }
  });

  it("sends the owner of a payment whose amount does not match back to checkout, unverified", async () => {
    const { owner, preferenceId, paymentId } = await confirmedGuest();
    const odd = await mercadoPago().standIn.pay(preferenceId, "approved", { notify: false, amount: 1 });
    expect(await paymentReturn({ paymentId: String(odd.id), externalReference: paymentId }, await ownBrowser(owner)))
      .toEqual({ kind: "redirect", path: "/checkout?payment=unverified" });
  });

  it.each(["approved", "pending", "rejected", "unknown"] as const)(
    "gives anyone else the same neutral page for a %s payment, with no order data or token",
    async (status) => {
      const { variant, orderId, preferenceId, paymentId } = await confirmedGuest();
      const id = status === "unknown" ? "12345678901" : String((await pay(preferenceId, status)).id);
      const otherGuest: Visitor = { userId: null, cartToken: randomBytes(32).toString("base64url"), address: address() };
      const someoneSignedIn: Visitor = { ...(await signedInUser()), cartToken: null, address: address() };

      for (const visitor of [stranger(), otherGuest, someoneSignedIn]) {
        expect(await paymentReturn({ paymentId: id, externalReference: paymentId }, visitor))
          .toEqual({ kind: "redirect", path: NEUTRAL_RETURN_PATH });
      }
      // The payment itself is still finalized: the stranger's visit changes nothing but what they see.
      if (status === "approved") expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "paid" } });
    },
  );

  it("believes nothing in a forged ?status=approved: an unknown payment id changes nothing", async () => {
    const { owner, variant, orderId, paymentId } = await confirmedGuest();
    const before = await snapshot(orderId, variant.id);

    const answer = await paymentReturn({ paymentId: "12345678901", externalReference: paymentId }, await ownBrowser(owner));

    expect(answer).toEqual({ kind: "redirect", path: NEUTRAL_RETURN_PATH });
    expect(await snapshot(orderId, variant.id)).toEqual(before);
  });

  it("while Mercado Pago is unreachable shows its owner the order as confirming, and a stranger the neutral page", async () => {
    const { owner, variant, orderId, preferenceId, paymentId } = await confirmedGuest();
    const paid = await pay(preferenceId, "approved");
    const before = await snapshot(orderId, variant.id);

    mercadoPago().standIn.failNext(2);
    expect(await paymentReturn({ paymentId: String(paid.id), externalReference: paymentId }, await ownBrowser(owner)))
      .toEqual({ kind: "redirect", path: `${orderPath(orderId, true)}&notice=confirming` });
    mercadoPago().standIn.failNext(2);
    expect(await paymentReturn({ paymentId: String(paid.id), externalReference: paymentId }, stranger()))
      .toEqual({ kind: "redirect", path: NEUTRAL_RETURN_PATH });
    expect(await snapshot(orderId, variant.id)).toEqual(before);
  });

  it(`refuses an address after ${STRANGER_RETURNS.max} neutral answers, without asking Mercado Pago, and not other addresses`, async () => {
    const { orderId, variant, preferenceId } = await confirmedGuest();
    const probing = stranger();
    for (let i = 0; i < STRANGER_RETURNS.max; i++) {
      expect(await paymentReturn({ paymentId: String(10_000_000_000 + i) }, probing)).toMatchObject({ path: NEUTRAL_RETURN_PATH });
    }
    const paid = await pay(preferenceId, "approved");
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    try {
      expect(await paymentReturn({ paymentId: String(paid.id) }, probing)).toEqual({ kind: "limited" });
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
    expect(await snapshot(orderId, variant.id)).toMatchObject({ order: { status: "pending_payment" } });
    expect(await paymentReturn({ paymentId: String(paid.id) }, stranger())).toMatchObject({ path: NEUTRAL_RETURN_PATH });
  });
});
