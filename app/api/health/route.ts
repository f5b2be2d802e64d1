/** Liveness probe for load balancers and the bench's baseline: no database, no rendering. */
export function GET() {
  return Response.json({ ok: true });
}
