import { z } from "zod";
import { currentUser } from "@/lib/auth";
import { clientAddress } from "@/lib/client-address";
import { localeOf } from "@/lib/i18n";
import { NEUTRAL_RETURN_PATH, paymentReturn } from "@/lib/payments/return";
import { cartTokenCookie } from "@/lib/shopper";
import { localizedPath } from "@/lib/urls";

// Mercado Pago sends "null" for ids when the shopper leaves without paying;
// anything that is not a plain id is dropped, never an error page.
const paymentId = z.string().regex(/^\d{1,20}$/).optional().catch(undefined);
const returnQuery = z.object({
  payment_id: paymentId,
  collection_id: paymentId,
  external_reference: z.uuid().optional().catch(undefined),
  // The order's language, put in back_urls at confirm: the shopper lands on pages in it.
  lang: z.string().optional(),
});

const TOO_MANY = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thanks</title></head><body>
<h1>Thanks, we've emailed your order link</h1><p>Too many requests from your connection; please wait a few minutes. <a href="${NEUTRAL_RETURN_PATH}">Continue</a></p>
</body></html>`;

/** Mercado Pago's back_urls: finalize with the payment id, then send the shopper on. */
export async function GET(request: Request): Promise<Response> {
  const query = returnQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const answer = await paymentReturn(
    { paymentId: query.payment_id ?? query.collection_id, externalReference: query.external_reference },
    {
      userId: (await currentUser())?.id ?? null,
      cartToken: await cartTokenCookie(),
      address: clientAddress(request.headers),
    },
  );
  if (answer.kind === "limited") {
    return new Response(TOO_MANY, {
      status: 429,
      headers: { "content-type": "text/html; charset=utf-8", "retry-after": "900", "cache-control": "no-store" },
    });
  }
  const location = localizedPath(answer.path, localeOf(query.lang));
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}
