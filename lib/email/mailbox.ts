import "server-only";
import { isIP } from "node:net";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";
import { isStaff } from "@/lib/staff";
import { getOutboxEmail } from "./outbox";

/**
 * Demo mode captures every email at /dev/emails instead of sending it, and
 * those emails carry order links. They are read from the machine running the
 * demo (a loopback client) or by staff; anyone else is told the mailbox does
 * not exist.
 */
export async function mayReadCapturedEmails(): Promise<boolean> {
  if (!env().isDemo) return false;
  return isLoopback(clientAddress(await headers())) || isStaff();
}

/** One captured email, or null when it does not exist or this visitor may not read it. */
export async function capturedEmail(id: string) {
  return (await mayReadCapturedEmails()) ? getOutboxEmail(id) : null;
}

export function isLoopback(address: string): boolean {
  const plain = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  if (isIP(plain) === 4) return plain.startsWith("127.");
  return plain === "::1";
}
