import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, resolveClientAddress } from "./client-address";

describe("resolveClientAddress", () => {
  it.each([
    // [what, socket, X-Forwarded-For, trusted hops, expected]
    ["no proxy: the socket", "203.0.113.7", undefined, 0, "203.0.113.7"],
    ["no proxy: a spoofed header is ignored", "203.0.113.7", "198.51.100.1", 0, "203.0.113.7"],
    ["no proxy: a spoofed chain is ignored", "203.0.113.7", "1.1.1.1, 2.2.2.2", 0, "203.0.113.7"],
    ["one proxy: the entry it appended", "10.0.0.2", "203.0.113.7", 1, "203.0.113.7"],
    ["one proxy: entries the client prepended are ignored", "10.0.0.2", "198.51.100.1, 203.0.113.7", 1, "203.0.113.7"],
    ["two proxies: two from the right", "10.0.0.3", "198.51.100.1, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"],
    ["a chain shorter than the hops: its leftmost entry", "10.0.0.3", "203.0.113.7", 2, "203.0.113.7"],
    ["a proxy that sent no header: the socket", "10.0.0.2", undefined, 1, "10.0.0.2"],
    ["empty entries a client slipped in do not shift the count", "10.0.0.2", " , ,203.0.113.7", 1, "203.0.113.7"],
    ["repeated headers read as one chain", "10.0.0.2", ["198.51.100.1", "203.0.113.7"], 1, "203.0.113.7"],
    ["IPv6 entries", "10.0.0.2", "2001:db8::1", 1, "2001:db8::1"],
    ["no socket address (closed connection)", undefined, "198.51.100.1", 0, "unknown"],
  ] as const)("%s", (_what, socketAddress, forwardedFor, trustedProxyHops, expected) => {
    const header = typeof forwardedFor === "string" || forwardedFor === undefined ? forwardedFor : [...forwardedFor];
    expect(resolveClientAddress({ socketAddress, forwardedFor: header, trustedProxyHops })).toBe(expected);
  });
});

describe("clientAddress", () => {
  it("reads the address the server set, and says unknown outside it", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.1" }))).toBe("unknown");
  });
});
