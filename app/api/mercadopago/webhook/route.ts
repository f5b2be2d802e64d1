import { z } from "zod";
import { receivePaymentNotification } from "@/lib/payments/webhook";

const text = z.string().max(200).optional().catch(undefined);
const webhookQuery = z.object({ "data.id": text, type: text });
const webhookBody = z.object({ type: z.string().max(200).optional() }).catch({});

/** Mercado Pago's signed notifications. The signature covers `data.id` from the query string. */
export async function POST(request: Request): Promise<Response> {
  const query = webhookQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const body = webhookBody.parse(await request.json().catch(() => ({})));
  const reply = await receivePaymentNotification({
    dataId: query["data.id"] ?? null,
    type: query.type ?? body.type ?? null,
    xSignature: request.headers.get("x-signature"),
    xRequestId: request.headers.get("x-request-id"),
  });
  return Response.json({ message: reply.message }, { status: reply.status });
}
