import { randomBytes } from "node:crypto";
import { randomLoopbackAddress, send, sendRaw, type Answer } from "@/test/http";
import { expect, test } from "./fixtures";
import { E2E_APP_PORT, E2E_APP_URL } from "./ports";

const OTHER_HOST = `localhost:${E2E_APP_PORT}`;

/** HTTP-level checks of the server: one browser project runs them, the other has nothing to add. */
function httpOnly(): void {
  test.skip(test.info().project.name !== "desktop", "HTTP-level: the desktop project covers it");
}

function expectSecurityHeaders(answer: Answer, what: string): void {
  const policy = String(answer.headers["content-security-policy"]);
  expect(policy, what).toMatch(/script-src 'self' 'nonce-[\w+/]+={0,2}' 'strict-dynamic'/);
  expect(policy, what).toContain("frame-ancestors 'none'");
  expect(policy, what).not.toContain("unsafe-eval");
  expect(answer.headers, what).toMatchObject({
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": expect.stringContaining("camera=()"),
  });
}

test.describe("security headers", () => {
  test("are on pages, API routes, static files, 404s and redirects", async () => {
    httpOnly();
    const home = await send(`${E2E_APP_URL}/`);
    const chunk = /<script src="(\/_next\/static\/[^"]+\.js(?:\?[^"]*)?)"/.exec(home.body)?.[1]?.replaceAll("&amp;", "&");
    expect(chunk).toBeDefined();
    const answers: Array<[string, Answer, number]> = [
      ["page", home, 200],
      ["API route", await send(`${E2E_APP_URL}/api/health`), 200],
      ["static file", await send(`${E2E_APP_URL}/favicon.svg`), 200],
      ["built chunk", await send(`${E2E_APP_URL}${chunk}`), 200],
      ["404", await send(`${E2E_APP_URL}/no-such-page`), 404],
      ["Next's own redirect", await send(`${E2E_APP_URL}/cart/`), 308],
      ["redirect to APP_URL", await send(`${E2E_APP_URL}/cart`, { headers: { host: OTHER_HOST } }), 308],
      ["bad request", await send(`${E2E_APP_URL}/products/%`), 400],
    ];
    for (const [what, answer, status] of answers) {
      expect(answer.status, what).toBe(status);
      expectSecurityHeaders(answer, what);
    }
  });

  test("every script of a page carries that response's own nonce", async () => {
    httpOnly();
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const page = await send(`${E2E_APP_URL}/`);
      const nonce = /'nonce-([^']+)'/.exec(String(page.headers["content-security-policy"]))?.[1];
      const scripts = page.body.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

test.describe("content security policy", () => {
  test("blocks a script slipped into a page as markup, and the suite hears of it", async ({ page, cspViolations }) => {
    await page.goto("/");
    // What an HTML injection looks like: markup carrying an inline event handler.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML("beforeend", `<img src="/favicon.svg" alt="" onload="document.body.dataset.injected = 'yes'">`);
    });
    await expect.poll(() => cspViolations.list().length).toBeGreaterThan(0);
    expect(cspViolations.list().join("\n")).toContain("script-src");
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
    cspViolations.clear();
  });
});

test.describe("one host", () => {
  test("a shopper who opens the shop on another name of the server lands on APP_URL's, cart and all", async ({ page, createProduct }) => {
    const product = await createProduct([{ size: "M", color: "Sand", quantity: 3 }]);
    await page.goto(`http://${OTHER_HOST}/products/${product.slug}?from=bookmark`);
    await expect(page).toHaveURL(`${E2E_APP_URL}/en/products/${product.slug}?from=bookmark`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByTestId("cart-count")).toHaveText("1");
    await page.goto(`http://${OTHER_HOST}/cart`);
    await expect(page).toHaveURL(`${E2E_APP_URL}/en/cart`);
    await expect(page.getByText(product.name).first()).toBeVisible();
  });
});

test.describe("malformed requests", () => {
  test("get a 400, never a 500, and the shop keeps serving", async () => {
    httpOnly();
    const port = E2E_APP_PORT;
    expect(await sendRaw(port, `GET / HTTP/1.1\r\nHost: bad host\r\n\r\n`)).toBe("HTTP/1.1 400 Bad Request");
    expect(await sendRaw(port, `GET http://elsewhere.example/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toBe("HTTP/1.1 400 Bad Request");
    for (const path of ["/products/%", "/products/%E0%A4%A", "/api/auth/%"]) {
      expect((await send(`${E2E_APP_URL}${path}`)).status, path).toBe(400);
    }
    expect(await sendRaw(port, "NONSENSE\r\n\r\n")).toMatch(/^HTTP\/1.1 400 /);
    expect((await send(`${E2E_APP_URL}/api/health`)).status).toBe(200);
  });
});

test.describe("sign-in throttling", () => {
  /** A failed sign-in through Auth.js's own callback route; answers the `code` it redirects with. */
  async function failThroughCallback(address: string, forwardedFor: string): Promise<string | null> {
    const csrf = await send(`${E2E_APP_URL}/api/auth/csrf`, { localAddress: address });
    const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const answer = await send(`${E2E_APP_URL}/api/auth/callback/credentials`, {
      method: "POST",
      localAddress: address,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
      body: new URLSearchParams({ csrfToken, email: uniqueEmail(), password: "not-the-password" }).toString(),
    });
    expect(answer.status).toBe(302);
    return new URL(answer.headers.location ?? "", E2E_APP_URL).searchParams.get("code");
  }

  /** The /sign-in form posted as a browser without JavaScript would; answers the page that comes back. */
  async function signInThroughForm(address: string, forwardedFor: string): Promise<string> {
    const page = await send(`${E2E_APP_URL}/en/sign-in`, { localAddress: address });
    const form = new FormData();
    for (const [, name, value] of page.body.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
      form.append(decodeEntities(name ?? ""), decodeEntities(value ?? ""));
    }
    form.append("email", uniqueEmail());
    form.append("password", "not-the-password");
    const encoded = new Response(form);
    const answer = await send(`${E2E_APP_URL}/en/sign-in`, {
      method: "POST",
      localAddress: address,
      headers: { "content-type": encoded.headers.get("content-type") ?? "", origin: E2E_APP_URL, "x-forwarded-for": forwardedFor },
      body: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  test("a spoofed X-Forwarded-For dodges the address limit neither at Auth.js's callback nor at the sign-in form", async () => {
    httpOnly();
    test.setTimeout(120_000);
    const address = randomLoopbackAddress();
    // Every attempt claims another address and uses another email, so only the real address can add up.
    let failures = 0;
    let code = await failThroughCallback(address, spoofedAddress());
    while (code === "credentials") {
      failures += 1;
      expect(failures, "failed sign-ins before the address was locked").toBeLessThanOrEqual(30);
      code = await failThroughCallback(address, spoofedAddress());
    }
    expect(code).toBe("throttled");
    expect(await signInThroughForm(address, spoofedAddress())).toContain("Too many failed sign-ins");
    // Another client is not locked out by this one.
    expect(await signInThroughForm(randomLoopbackAddress(), spoofedAddress())).toContain("Wrong email or password.");
  });
});

function uniqueEmail(): string {
  return `guess.${randomBytes(6).toString("hex")}@example.com`;
}

function spoofedAddress(): string {
  return `198.51.100.${1 + (randomBytes(1)[0] ?? 0) % 250}`;
}

function decodeEntities(text: string): string {
  const entities: Record<string, string> = { "&quot;": '"', "&#x27;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };
  return text.replace(/&(quot|#x27|lt|gt|amp);/g, (entity) => entities[entity] ?? entity);
}
