import { beforeEach, describe, expect, it, vi } from "vitest";

const request = vi.hoisted(() => ({ address: "127.0.0.1", staff: false }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-percha-client-address": request.address }) }));
vi.mock("@/lib/staff", () => ({ isStaff: async () => request.staff }));

const { isLoopback, mayReadCapturedEmails } = await import("./mailbox");

describe("captured emails", () => {
  beforeEach(() => {
    request.staff = false;
  });

  it.each(["127.0.0.1", "127.4.9.200", "::1", "::ffff:127.0.0.1"])("are read from the machine itself (%s)", async (address) => {
    expect(isLoopback(address)).toBe(true);
    request.address = address;
    expect(await mayReadCapturedEmails()).toBe(true);
  });

  it.each(["203.0.113.9", "10.0.0.2", "::ffff:192.168.1.4", "2001:db8::1", "unknown", "127.0.0.1.example", ""])(
    "are not found by a visitor from elsewhere (%s)",
    async (address) => {
      expect(isLoopback(address)).toBe(false);
      request.address = address;
      expect(await mayReadCapturedEmails()).toBe(false);
    },
  );

  it("are read by staff from anywhere", async () => {
    request.address = "203.0.113.9";
    request.staff = true;
    expect(await mayReadCapturedEmails()).toBe(true);
  });
});
