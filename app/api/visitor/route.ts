import { currentVisitor } from "@/lib/visitor";

/** The header's cart count and account name, which a shared page leaves to the browser (components/visitor.tsx). */
export async function GET() {
  return Response.json(await currentVisitor(), { headers: { "Cache-Control": "private, no-store" } });
}
