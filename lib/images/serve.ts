import "server-only";
import sharp from "sharp";
import { z } from "zod";
import { PHOTO_WIDTHS, type PhotoWidth } from "./sizes";
import { imageStore, urlVersion, type ImageType } from "./store";

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
 * photo at that width as WebP (lib/images/sizes.ts). Photos never change in place
 * (a new upload is a new id and hash), so a URL carrying the photo's hash is
 * cached for good; 404 for an unknown or malformed id.
 */
export async function imageResponse(id: string, search: URLSearchParams, ifNoneMatch: string | null): Promise<Response> {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return notFound();
  const askedWidth = search.get("w");
  const width = askedWidth === null ? null : widthField.safeParse(askedWidth);
  if (width && !width.success) return plain(400, `A photo is served ${PHOTO_WIDTHS.join(", ")} pixels wide, or as uploaded (no w).`);
  const image = await imageStore.get(parsed.data);
  if (!image) return notFound();
  const etag = width ? `"${image.sha256}-${width.data}"` : `"${image.sha256}"`;
  const headers = {
    ETag: etag,
    "Cache-Control": search.get("v") === urlVersion(image.sha256) ? FOREVER : CHECK_EACH_TIME,
    "X-Content-Type-Options": "nosniff",
  };
  if (ifNoneMatch === etag) return new Response(null, { status: 304, headers });
  const served = width ? await resized(parsed.data, image, width.data) : image;
  return new Response(new Uint8Array(served.data), {
    headers: { ...headers, "Content-Type": served.contentType, "Content-Length": String(served.data.length) },
  });
}

type Served = { contentType: ImageType; data: Buffer };

// Resizing costs tens of milliseconds: each instance keeps what it made, up to this many bytes (oldest out first).
const RESIZED_BYTES = 16 * 1024 * 1024;
const made = new Map<string, Promise<Served>>();
const madeSizes = new Map<string, number>();
let madeBytes = 0;

/**
 * The photo at `width` (never wider than uploaded), as WebP. One resize per
 * photo, width and instance: concurrent asks share it. A photo sharp cannot
 * read is served as uploaded.
 */
function resized(id: string, image: Served & { sha256: string }, width: PhotoWidth): Promise<Served> {
  const key = `${id}:${image.sha256}:${width}`;
  const known = made.get(key);
  if (known) return known;
  const making = sharp(image.data)
    .resize({ width, withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer()
    .then((data): Served => ({ contentType: "image/webp", data }))
    .catch((): Served => image);
  made.set(key, making);
  void making.then(({ data }) => {
    madeSizes.set(key, data.length);
    madeBytes += data.length;
    for (const oldest of made.keys()) {
      if (madeBytes <= RESIZED_BYTES) break;
      const size = madeSizes.get(oldest);
      // One still being made is counted once it is done.
      if (size === undefined) continue;
      made.delete(oldest);
      madeSizes.delete(oldest);
      madeBytes -= size;
    }
  });
  return making;
}
