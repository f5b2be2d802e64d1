/**
 * Two more instances of the shop, on the end-to-end database, behind the
 * bench's balancer: every page is rendered by one instance and every form it
 * posts is handled by the other, as happens behind any load balancer.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { startBalancer, type Balancer } from "@/bench/balancer";
import { serverCommand } from "@/scripts/server-build";
import { expect, test } from "./fixtures";
import { E2E_BALANCER_PORT, E2E_BALANCER_URL, E2E_INSTANCE_PORTS, E2E_MERCADOPAGO_URL, E2E_RELEASE, e2eDatabaseUrl } from "./ports";
import { addToCart, confirmOrder } from "./shop";

const START_TIMEOUT_MS = 60_000;
const RENDERS = 0;
const ACTIONS = 1;
/** A request with this header goes to the instance it names (0 or 1), whatever its method. */
const PIN_HEADER = "x-e2e-instance";
/** How old shown availability may be on another instance (lib/shared-cache.ts FRESHNESS_MS: cached reads, then the cached page), and the time one page load may add. */
const STALE_BOUND_MS = 5_000;
const PAGE_LOAD_MARGIN_MS = 1_500;

let balancer: Balancer;
const instances: ChildProcess[] = [];

/** One instance of the built shop, as `npm start` runs it, answering on the balancer's address. */
async function startInstance(port: number, index: number): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["MERCADOPAGO_ACCESS_TOKEN", "MERCADOPAGO_WEBHOOK_SECRET", "RESEND_API_KEY", "AUTH_SECRET", "NODE_OPTIONS"]) delete env[name];
  Object.assign(env, E2E_RELEASE, {
    NODE_ENV: "production",
    DATABASE_URL: e2eDatabaseUrl(),
    APP_URL: E2E_BALANCER_URL,
    PORT: String(port),
    MERCADOPAGO_API_URL: E2E_MERCADOPAGO_URL,
    // The same folder as the end-to-end server: the same demo AUTH_SECRET, so a session is good on every instance.
    PERCHA_DATA_DIR: `.data/e2e-${process.env.E2E_APP_PORT ?? 3210}`,
  });
  const { command, args } = serverCommand(".next");
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  instances.push(child);
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const started = Date.now();
  while (!(await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() - started > START_TIMEOUT_MS) throw new Error(`instance ${index} did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test.describe("two instances behind a balancer", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ baseURL: E2E_BALANCER_URL });

  test.beforeAll(async () => {
    // Two instances are two more servers on this machine: the desktop project runs them, the viewport adds nothing.
    test.skip(test.info().project.name !== "desktop", "cross-instance: the desktop project covers it");
    test.setTimeout(2 * START_TIMEOUT_MS);
    // Reads (pages, assets, the return from Mercado Pago) go to one instance, every post to the other.
    balancer = await startBalancer([...E2E_INSTANCE_PORTS], {
      port: E2E_BALANCER_PORT,
      pick: (request) => {
        const pinned = request.headers[PIN_HEADER];
        if (pinned === "0" || pinned === "1") return Number(pinned);
        return request.method === "GET" || request.method === "HEAD" ? RENDERS : ACTIONS;
      },
    });
    await Promise.all(E2E_INSTANCE_PORTS.map((port, index) => startInstance(port, index)));
  });

  test.afterAll(async () => {
    await balancer?.close();
    await Promise.all(
      instances.map((child) => new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      })),
    );
  });

  test("a shopper buys with every page rendered by one instance and every form handled by the other", async ({ page, createProduct, stockOf }) => {
    const p = await createProduct([{ size: "M", color: "Olive", quantity: 3 }]);
    const before = balancer.counts();

    await addToCart(page, p.slug, 2);
    await page.goto("/cart");
    await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
    await confirmOrder(page);
    await expect(page).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    await page.getByRole("button", { name: "Approve payment" }).click();
    await expect(page).toHaveURL(new RegExp(`^${E2E_BALANCER_URL}/en/orders/\\d+\\?token=`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/Order #\d+/);
    expect(await stockOf(p.variants[0]?.id ?? 0)).toBe(1);

    const [renders = 0, actions = 0] = balancer.counts().map((count, i) => count - (before[i] ?? 0));
    expect(renders).toBeGreaterThan(5);
    // Add to cart and confirm order, each posted to the instance that did not render its page.
    expect(actions).toBeGreaterThanOrEqual(2);
  });

  test("availability changed on one instance shows there at once and on the other within 5 seconds", async ({ browser, createProduct }) => {
    const p = await createProduct([{ size: "M", color: "Olive", quantity: 5 }]);
    const pinnedTo = async (instance: number) => {
      const context = await browser.newContext({ baseURL: E2E_BALANCER_URL, locale: "en-US", extraHTTPHeaders: { [PIN_HEADER]: String(instance) } });
      return context.newPage();
    };
    const [onA, onB] = [await pinnedTo(0), await pinnedTo(1)];
    const stockNote = async (page: typeof onA) => {
      await page.goto(`/products/${p.slug}`);
      return page.getByTestId("stock-note").textContent();
    };
    // Both instances have read (and cached) the product before the change.
    expect(await stockNote(onB)).toBe("M, Olive: In stock");
    expect(await stockNote(onA)).toBe("M, Olive: In stock");

    // A shopper on instance A confirms 3 of the 5: the order holds them.
    await addToCart(onA, p.slug, 3);
    await confirmOrder(onA);
    await expect(onA).toHaveURL(new RegExp(`^${E2E_MERCADOPAGO_URL}/checkout/`));
    const changedAt = Date.now();

    expect(await stockNote(onA)).toBe("M, Olive: Only 2 left");
    let seenOnB = await stockNote(onB);
    while (seenOnB !== "M, Olive: Only 2 left" && Date.now() - changedAt < STALE_BOUND_MS + PAGE_LOAD_MARGIN_MS) {
      await onB.waitForTimeout(250);
      seenOnB = await stockNote(onB);
    }
    expect(seenOnB).toBe("M, Olive: Only 2 left");
    test.info().annotations.push({ type: "staleness on the other instance", description: `${Date.now() - changedAt} ms` });
    await Promise.all([onA.context().close(), onB.context().close()]);
  });
});
