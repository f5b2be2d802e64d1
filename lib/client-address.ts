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

export type ConnectionFacts = {
  /** The peer of the TCP connection: the client itself, or the nearest proxy. */
  socketAddress: string | undefined;
  /** X-Forwarded-For as received (repeated headers joined with commas, as Node does). */
  forwardedFor: string | string[] | undefined;
  /** How many proxies in front of the shop append to X-Forwarded-For (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
};

/**
 * Who is on the other end, as the server decides it before the app runs.
 * Each trusted proxy appends the address it saw, so the client is the entry
 * `trustedProxyHops` from the right; anything further left was written by the
 * client and may be invented. With no trusted proxy the header is ignored.
 */
export function resolveClientAddress({ socketAddress, forwardedFor, trustedProxyHops }: ConnectionFacts): string {
  const socket = socketAddress || "unknown";
  if (trustedProxyHops === 0) return socket;
  const chain = [forwardedFor ?? []]
    .flat()
    .flatMap((header) => header.split(","))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  // A chain shorter than the hops means a proxy did not append: its leftmost entry is the best we know.
  return chain.at(-Math.min(trustedProxyHops, chain.length)) ?? socket;
}
