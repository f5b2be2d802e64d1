import { z } from "zod";
import { paymentReturnPath } from "@/lib/payments/return";

// Mercado Pago sends "null" for ids when the shopper leaves without paying;
// anything that is not a plain id is dropped, never an error page.
const paymentId = z.string().regex(/^\d{1,20}$/).optional().catch(undefined);
const returnQuery = z.object({
  payment_id: paymentId,
  collection_id: paymentId,
  external_reference: z.uuid().optional().catch(undefined),
});

/** Mercado Pago's back_urls: finalize with the payment id, then send the shopper on. */
export async function GET(request: Request): Promise<Response> {
  const query = returnQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const path = await paymentReturnPath({
    paymentId: query.payment_id ?? query.collection_id,
    externalReference: query.external_reference,
  });
  return new Response(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
}
