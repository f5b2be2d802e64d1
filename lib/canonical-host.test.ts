import { describe, expect, it } from "vitest";
import { admitRequest } from "./canonical-host";

const LOCAL = "http://localhost:3000";
const LIVE = "https://shop.example.com";

describe("admitRequest", () => {
  it.each([
    ["APP_URL's host", LOCAL, "localhost:3000", "/cart"],
    ["its host in capitals", LOCAL, "LOCALHOST:3000", "/"],
    ["an explicit default port", LIVE, "shop.example.com:443", "/products/classic-tee?size=M"],
    ["the health check on any host", LOCAL, "10.0.0.5:3000", "/api/health"],
    ["the health check with a query, on any host", LOCAL, "10.0.0.5:3000", "/api/health?probe=1"],
    ["a query Next parses leniently", LOCAL, "localhost:3000", "/cart?x=%"],
  ])("serves %s", (_what, appUrl, host, target) => {
    expect(admitRequest({ host, target, isSelfRequest: false }, appUrl)).toEqual({ kind: "serve" });
  });

  it.each([
    ["another name of the server", LOCAL, "127.0.0.1:3000", "/cart?x=1", "http://localhost:3000/cart?x=1"],
    ["the reverse", "http://127.0.0.1:3220", "localhost:3220", "/", "http://127.0.0.1:3220/"],
    ["another port", LOCAL, "localhost:3001", "/sign-in", "http://localhost:3000/sign-in"],
    ["the server's address instead of the domain", LIVE, "203.0.113.7", "/", "https://shop.example.com/"],
    ["an IPv6 literal", LOCAL, "[::1]:3000", "/", "http://localhost:3000/"],
    ["a path that looks like another host, kept as a path", LOCAL, "127.0.0.1:3000", "//evil.example/x", "http://localhost:3000//evil.example/x"],
  ])("redirects %s to APP_URL, same path and query", (_what, appUrl, host, target, location) => {
    expect(admitRequest({ host, target, isSelfRequest: false }, appUrl)).toEqual({ kind: "redirect", location });
  });

  it("serves Next's requests to its own server on the listening address, but not malformed ones", () => {
    expect(admitRequest({ host: "127.0.0.1:3000", target: "/?_rsc=1", isSelfRequest: true }, LOCAL)).toEqual({ kind: "serve" });
    expect(admitRequest({ host: "127.0.0.1:3000", target: "cart", isSelfRequest: true }, LOCAL)).toMatchObject({ kind: "reject" });
  });

  it.each([
    ["no Host header", undefined, "/"],
    ["an empty Host header", "", "/"],
    ["a Host header with a space", "local host:3000", "/"],
    ["a Host header with credentials", "user@localhost:3000", "/"],
    ["a Host header with a path", "localhost:3000/x", "/"],
    ["a port out of range", "localhost:99999", "/"],
    ["an absolute-form target", "localhost:3000", "http://evil.example/"],
    ["an asterisk target", "localhost:3000", "*"],
    ["a target without a leading slash", "localhost:3000", "cart"],
    ["a target with raw non-ASCII", "localhost:3000", "/caf\u00e9"],
    ["a target with a control character", "localhost:3000", "/a\u0000b"],
    ["a path with a stray percent sign", "localhost:3000", "/products/%"],
    ["a path with an invalid UTF-8 sequence", "localhost:3000", "/products/%E0%A4%A"],
    ["no target", "localhost:3000", undefined],
  ])("refuses %s as a bad request", (_what, host, target) => {
    expect(admitRequest({ host, target, isSelfRequest: false }, LOCAL)).toMatchObject({ kind: "reject" });
  });
});
