import { Resend } from "resend";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startResendStandIn, type ResendStandIn } from "./resend";

let standIn: ResendStandIn;
const email = { from: "Percha <orders@percha.test>", to: "ana@example.com", subject: "Hello", html: "<p>Hi</p>", text: "Hi" };
const client = (key = "re_test_key") => new Resend(key, { baseUrl: standIn.url });

beforeAll(async () => {
  standIn = await startResendStandIn();
});
afterAll(() => standIn.close());
afterEach(() => standIn.failNext(0));

describe("Resend stand-in", () => {
  it("accepts an email from the SDK and answers its id", async () => {
    const { data, error } = await client().emails.send(email);
    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(standIn.messages().find((m) => m.id === data?.id)).toMatchObject({
      from: email.from, to: ["ana@example.com"], subject: "Hello", html: "<p>Hi</p>", text: "Hi", idempotencyKey: null,
    });
  });

  it("is reached by the SDK through RESEND_BASE_URL", async () => {
    const previous = process.env.RESEND_BASE_URL;
    process.env.RESEND_BASE_URL = standIn.url;
    try {
      const { data } = await new Resend("re_test_key").emails.send(email);
      expect(standIn.messages().some((m) => m.id === data?.id)).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.RESEND_BASE_URL;
      else process.env.RESEND_BASE_URL = previous;
    }
  });

  it("answers the same id for a repeated idempotency key and records the message once", async () => {
    const key = `key-${Math.random()}`;
    const first = await client().emails.send(email, { idempotencyKey: key });
    const second = await client().emails.send(email, { idempotencyKey: key });
    expect(second.data?.id).toBe(first.data?.id);
    expect(standIn.messages().filter((m) => m.idempotencyKey === key)).toHaveLength(1);
    expect(standIn.requests().filter((r) => r.idempotencyKey === key)).toEqual([{ idempotencyKey: key, status: 200 }, { idempotencyKey: key, status: 200 }]);

    const changed = await client().emails.send({ ...email, subject: "Other" }, { idempotencyKey: key });
    expect(changed.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
  });

  it("refuses a request without a bearer API key (401) or with a malformed one (403)", async () => {
    const missing = await fetch(`${standIn.url}/emails`, { method: "POST", body: JSON.stringify(email) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header." });
    const wrong = await client("sk_live_nope").emails.send(email);
    expect(wrong.error).toMatchObject({ statusCode: 403, name: "invalid_api_key" });
  });

  it("checks the configured key when given one", async () => {
    const strict = await startResendStandIn({ apiKey: "re_right" });
    try {
      const wrong = await new Resend("re_wrong", { baseUrl: strict.url }).emails.send(email);
      expect(wrong.error).toMatchObject({ statusCode: 403 });
      const right = await new Resend("re_right", { baseUrl: strict.url }).emails.send(email);
      expect(right.error).toBeNull();
    } finally {
      await strict.close();
    }
  });

  it("fails the next n sends on demand with Resend's error shape, then recovers", async () => {
    standIn.failNext(2);
    const key = `retry-${Math.random()}`;
    for (let i = 0; i < 2; i++) {
      const { data, error } = await client().emails.send(email, { idempotencyKey: key });
      expect(data).toBeNull();
      expect(error).toMatchObject({ statusCode: 500, name: "internal_server_error" });
    }
    const { data } = await client().emails.send(email, { idempotencyKey: key });
    expect(data?.id).toBeTruthy();
    expect(standIn.messages().filter((m) => m.idempotencyKey === key)).toHaveLength(1);
  });

  it("validates required fields like Resend", async () => {
    const { error } = await client().emails.send({ ...email, subject: undefined as unknown as string });
    expect(error).toMatchObject({ statusCode: 422, name: "missing_required_field" });
  });
});
