import { describe, expect, it } from "vitest";
import { robotsRules } from "./robots";

describe("robots.txt", () => {
  it("keeps carts, checkout, orders, the back office and the API out, in every language, and points to the sitemap", () => {
    const robots = robotsRules("https://percha.example");
    const [rule] = Array.isArray(robots.rules) ? robots.rules : [robots.rules];
    expect(rule?.userAgent).toBe("*");
    expect(rule?.allow).toBe("/");
    for (const path of ["/cart", "/checkout", "/orders", "/admin", "/api", "/en/cart", "/en/checkout", "/en/orders"]) {
      expect(rule?.disallow).toContain(path);
    }
    expect(rule?.disallow).not.toContain("/en/admin");
    expect(rule?.disallow).not.toContain("/products");
    expect(robots.sitemap).toBe("https://percha.example/sitemap.xml");
  });
});
