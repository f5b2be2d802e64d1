import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it.each([
    ["/", "/"],
    ["/cart", "/cart"],
    ["/checkout", "/checkout"],
    ["/orders", "/orders"],
    ["/orders/12?token=abc", "/orders/12?token=abc"],
    ["/orders/12?token=abc#items-title", "/orders/12?token=abc#items-title"],
    ["/products/remera-basica", "/products/remera-basica"],
    ["/products/classic-tee?color=Black&size=M", "/products/classic-tee?color=Black&size=M"],
    ["/?category=T-shirts", "/?category=T-shirts"],
    ["/admin/orders?status=paid&after=40", "/admin/orders?status=paid&after=40"],
    ["/account/password", "/account/password"],
    // Encoded characters that decode to an ordinary path stay as they came.
    ["/products/remera-b%C3%A1sica", "/products/remera-b%C3%A1sica"],
    // Normalised by the URL parser, still ours.
    ["/a/../cart", "/cart"],
    ["/./cart", "/cart"],
    ["/orders?next=//evil.test", "/orders?next=//evil.test"],
  ])("keeps the same-site path %s", (given, expected) => {
    expect(safeNextPath(given)).toBe(expected);
  });

  const hostile: unknown[] = [
    // Other origins, spelled plainly.
    "https://evil.test/",
    "http://evil.test",
    "//evil.test",
    "//evil.test/cart",
    "///evil.test",
    // Dot segments the URL parser removes, leaving "//evil.test".
    "/.//evil.test",
    "/././/evil.test",
    "/a/..//evil.test",
    "/cart/../..//evil.test",
    "/%2e//evil.test",
    "/%2E//evil.test",
    "/%2e%2e//evil.test",
    "/a/%2e%2e//evil.test",
    // Backslashes, which browsers read as slashes.
    "/\\evil.test",
    "\\\\evil.test",
    "/\\/evil.test",
    "/%5Cevil.test",
    "/%5C%5Cevil.test",
    // Encoded slashes, once and twice over.
    "/%2F%2Fevil.test",
    "/%2f/evil.test",
    "/%252F%252Fevil.test",
    "/%25252F%25252Fevil.test",
    // Tabs, newlines and other control characters, which a browser strips.
    "/\t/evil.test",
    "/\n/evil.test",
    "/\r\n/evil.test",
    "/%09/evil.test",
    "/%0A/evil.test",
    "/%00",
    "/cart\u0000",
    // Schemes and relative tricks.
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.test",
    "checkout",
    " /cart",
    "https:evil.test",
    // Malformed or invalid UTF-8 after decoding.
    "/%",
    "/%C0%AF",
    "/%FF",
    "/%E0%A4%A",
    // Loops back to a sign-in page.
    "/sign-in?next=/x",
    "/sign-up",
    "/%73ign-in",
    // Not a string at all, or empty, or absurdly long.
    "",
    undefined,
    null,
    42,
    ["/cart", "/orders"],
    `/${"a".repeat(2001)}`,
  ];

  it(`sends each of ${hostile.length} hostile values home`, () => {
    expect(hostile.length).toBeGreaterThanOrEqual(20);
    const leaked = hostile.filter((given) => safeNextPath(given) !== "/");
    expect(leaked.map((given) => [given, safeNextPath(given)])).toEqual([]);
  });

  it("never answers anything a browser would resolve to another origin", () => {
    const ours = "https://shop.example";
    for (const given of hostile) {
      const path = safeNextPath(given);
      expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
      expect(new URL(path, ours).origin).toBe(ours);
    }
  });
});
