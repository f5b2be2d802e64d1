import "server-only";
import { z } from "zod";
import { PHOTO_WIDTHS, type PhotoWidth } from "./sizes";
import { imageStore, urlVersion } from "./store";

const FOREVER = "public, max-age=31536000, immutable";
// Without the URL's hash (an old or hand-typed link) a browser must check back each time.
const CHECK_EACH_TIME = "public, no-cache";

const plain = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
const notFound = () => plain(404, "Not found");

const widthField = z.enum(PHOTO_WIDTHS.map(String) as [string, ...string[]]).transform((w) => Number(w) as PhotoWidth);

/**
 * The response to GET /images/<id>?v=<hash>[&w=<width>]: the photo's bytes
 * with the type its signature was checked as, never sniffed; with `w`, the
 * photo at that width as WebP (lib/images/sizes.ts), made when it was
 * stored, or as uploaded when it has no such size (sharp could not read it).
 * Photos never change in place (a new upload is a new id and hash), so a URL
 * carrying the photo's hash is cached for good; 404 for an unknown or
 * malformed id.
 */
export async function imageResponse(id: string, search: URLSearchParams, ifNoneMatch: string | null): Promise<Response> {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return notFound();
  const askedWidth = search.get("w");
  const width = askedWidth === null ? null : widthField.safeParse(askedWidth);
  if (width && !width.success) return plain(400, `A photo is served ${PHOTO_WIDTHS.join(", ")} pixels wide, or as uploaded (no w).`);
  const image = await imageStore.get(parsed.data, width?.data);
  if (!image) return notFound();
  const etag = image.width ? `"${image.sha256}-${image.width}"` : `"${image.sha256}"`;
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
