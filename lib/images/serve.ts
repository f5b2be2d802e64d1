import "server-only";
import { z } from "zod";
import { imageStore, urlVersion } from "./store";

const FOREVER = "public, max-age=31536000, immutable";
// Without the URL's hash (an old or hand-typed link) a browser must check back each time.
const CHECK_EACH_TIME = "public, no-cache";

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * The response to GET /images/<id>?v=<hash>: the photo's bytes with the type
 * its signature was checked as, never sniffed. Photos never change in place
 * (a new upload is a new id and hash), so a URL carrying the photo's hash is
 * cached for good; 404 for an unknown or malformed id.
 */
export async function imageResponse(id: string, search: URLSearchParams, ifNoneMatch: string | null): Promise<Response> {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return notFound();
  const image = await imageStore.get(parsed.data);
  if (!image) return notFound();
  const etag = `"${image.sha256}"`;
  const headers = {
    ETag: etag,
    "Cache-Control": search.get("v") === urlVersion(image.sha256) ? FOREVER : CHECK_EACH_TIME,
    "X-Content-Type-Options": "nosniff",
  };
  if (ifNoneMatch === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.data), {
    headers: { ...headers, "Content-Type": image.contentType, "Content-Length": String(image.data.length) },
  });
}
