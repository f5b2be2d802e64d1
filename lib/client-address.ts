/**
 * The address of the client behind a request, for throttling. The shop's own
 * server (scripts/server.ts) sets this header on every request it accepts,
 * replacing whatever the client sent, so code behind it can trust it.
 */
export const CLIENT_ADDRESS_HEADER = "x-percha-client-address";

/** The client's address as our server saw it, or "unknown" outside it. */
export function clientAddress(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}
