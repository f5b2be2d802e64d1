import { z } from "zod";
import { capturedEmail } from "@/lib/email/mailbox";

/**
 * A captured email's HTML, for the frame of its page. The shop's server
 * gives this path a policy of its own (lib/security-headers.ts): inline
 * styles and images, no script, sandboxed, framed by the shop alone.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = z.uuid().safeParse((await params).id);
  const email = id.success ? await capturedEmail(id.data) : null;
  if (!email) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(`<!doctype html><base target="_blank">${email.html}`, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
