/**
 * Photos for the demo catalog, drawn at seed time with no network: each
 * product's drawing (public/products/*.svg) is re-coloured for every colour
 * it comes in and rendered by sharp (librsvg), in three views — the whole
 * garment, a close-up, and the fabric. PNG and JPEG because the photo store
 * takes only JPEG, PNG or WebP, and every mail client shows those two.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { demoColors, type DemoFabric, type DemoProduct } from "./catalog-data";

export const PHOTO_WIDTH = 800;
export const PHOTO_HEIGHT = 1000;

export type DemoPhotoView = "front" | "close-up" | "fabric";
export const DEMO_PHOTO_VIEWS: DemoPhotoView[] = ["front", "close-up", "fabric"];

export type DemoPhoto = { view: DemoPhotoView; alt: string; contentType: "image/png" | "image/jpeg"; data: Buffer };

// ---- Colour ------------------------------------------------------------

type Hsl = { h: number; s: number; l: number };

function toRgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!match?.[1]) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(match[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHsl(hex: string): Hsl & { chroma: number } {
  const [r, g, b] = toRgb(hex).map((c) => c / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  const l = (max + min) / 2;
  const s = chroma === 0 ? 0 : chroma / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (chroma > 0) {
    if (max === r) h = ((g - b) / chroma + 6) % 6;
    else if (max === g) h = (b - r) / chroma + 2;
    else h = (r - g) / chroma + 4;
  }
  return { h: h * 60, s, l, chroma };
}

function fromHsl({ h, s, l }: Hsl): string {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const sector = Math.floor(h / 60) % 6;
  const sectors: Array<[number, number, number]> = [[c, x, 0], [x, c, 0], [0, c, x], [0, x, c], [x, 0, c], [c, 0, x]];
  const [r, g, b] = sectors[sector] ?? [0, 0, 0];
  const byte = (v: number) => Math.round(Math.min(1, Math.max(0, v + m)) * 255).toString(16).padStart(2, "0");
  return `#${byte(r)}${byte(g)}${byte(b)}`;
}

// Below this chroma a colour reads as a grey, whatever its hue says.
const NEUTRAL_CHROMA = 0.06;
const SAME_HUE_DEGREES = 25;

/** Whether `color` is a lighter or darker shade of `base` (the garment), not a detail of its own (buttons, stitching). */
export function isShadeOf(color: string, base: string): boolean {
  const [c, b] = [toHsl(color), toHsl(base)];
  const [cNeutral, bNeutral] = [c.chroma < NEUTRAL_CHROMA, b.chroma < NEUTRAL_CHROMA];
  if (cNeutral || bNeutral) return cNeutral && bNeutral;
  const hueGap = Math.abs(c.h - b.h);
  return Math.min(hueGap, 360 - hueGap) < SAME_HUE_DEGREES;
}

/**
 * The shade `color` (a shade of `base`) becomes on a garment of `target`:
 * darker shades darken the target in proportion, lighter ones lighten it
 * toward white in proportion, so seams and folds stay visible on any colour.
 */
export function shadeFor(color: string, base: string, target: string): string {
  const [c, b, t] = [toHsl(color), toHsl(base), toHsl(target)];
  const l = c.l <= b.l
    ? t.l * (b.l === 0 ? 1 : c.l / b.l)
    : t.l + (1 - t.l) * ((c.l - b.l) / (1 - b.l || 1));
  return fromHsl({ h: t.h, s: t.s, l });
}

/**
 * The drawing re-coloured from `base` to `target`: the background (the
 * first rect and circle) and the floor shadow keep their colours, and so do
 * details that are not shades of the garment.
 */
export function recolor(svg: string, base: string, target: string): string {
  const garmentStart = svg.indexOf('filter="url(#s)"/>');
  const start = garmentStart < 0 ? 0 : garmentStart;
  const garment = svg.slice(start).replace(/#[0-9a-f]{6}\b/gi, (color) =>
    isShadeOf(color, base) ? shadeFor(color, base, target) : color,
  );
  return svg.slice(0, start) + garment;
}

/** The drawing zoomed in twice on `[x, y]`, kept inside the drawing. */
export function closeUp(svg: string, [x, y]: [number, number]): string {
  const [w, h] = [PHOTO_WIDTH / 2, PHOTO_HEIGHT / 2];
  const left = Math.min(Math.max(x - w / 2, 0), PHOTO_WIDTH - w);
  const top = Math.min(Math.max(y - h / 2, 0), PHOTO_HEIGHT - h);
  return svg.replace(/viewBox="[^"]*"/, `viewBox="${left} ${top} ${w} ${h}"`);
}

// ---- Fabric ------------------------------------------------------------

/** One tile of each weave, drawn in `ink` (a shade of the cloth). */
const WEAVES: Record<DemoFabric, (ink: string, light: string) => { size: [number, number]; tile: string }> = {
  jersey: (ink) => ({ size: [16, 14], tile: `<path d="M1 0L8 13L15 0" fill="none" stroke="${ink}" stroke-width="2.4" opacity=".55"/>` }),
  linen: (ink, light) => ({
    size: [24, 24],
    tile: `<path d="M0 5H24M0 13H24M0 20H24" stroke="${ink}" stroke-width="2" opacity=".35"/><path d="M6 0V24M17 0V24" stroke="${light}" stroke-width="2.5" opacity=".45"/>`,
  }),
  fleece: (ink, light) => ({
    size: [20, 20],
    tile: `<circle cx="5" cy="6" r="2.5" fill="${ink}" opacity=".3"/><circle cx="15" cy="15" r="2.5" fill="${light}" opacity=".35"/>`,
  }),
  knit: (ink) => ({ size: [28, 22], tile: `<path d="M2 0L14 20L26 0" fill="none" stroke="${ink}" stroke-width="5" stroke-linejoin="round" opacity=".45"/>` }),
  cable: (ink, light) => ({
    size: [80, 80],
    tile: `<path d="M20 0C60 20 60 20 20 40C60 60 60 60 20 80M60 0C20 20 20 20 60 40C20 60 20 60 60 80" fill="none" stroke="${ink}" stroke-width="9" opacity=".45"/><path d="M4 0V80M76 0V80" stroke="${light}" stroke-width="5" opacity=".5"/>`,
  }),
  twill: (ink, light) => ({
    size: [12, 12],
    tile: `<path d="M-3 15L15 -3M-9 9L9 -9M3 21L21 3" stroke="${ink}" stroke-width="3" opacity=".45"/><path d="M-3 9L9 -3M3 15L15 3" stroke="${light}" stroke-width="1.2" opacity=".35"/>`,
  }),
  quilted: (ink, light) => ({
    size: [800, 120],
    tile: `<path d="M0 2H800" stroke="${ink}" stroke-width="4" opacity=".6"/><path d="M0 44H800" stroke="${light}" stroke-width="40" opacity=".18"/><path d="M0 60H800" stroke="${light}" stroke-width="14" opacity=".2"/>`,
  }),
  canvas: (ink, light) => ({
    size: [10, 10],
    tile: `<path d="M0 2.5H10M0 7.5H10" stroke="${ink}" stroke-width="2" opacity=".35"/><path d="M2.5 0V10M7.5 0V10" stroke="${light}" stroke-width="2" opacity=".3"/>`,
  }),
  rib: (ink, light) => ({
    size: [24, 10],
    tile: `<path d="M4 0V10" stroke="${ink}" stroke-width="7" opacity=".4"/><path d="M16 0V10" stroke="${light}" stroke-width="3" opacity=".35"/>`,
  }),
};

/** A close look at the cloth: the weave in the garment's colour, with a soft fold across it. */
export function fabricSvg(fabric: DemoFabric, color: string): string {
  const ink = shadeFor("#808080", "#b0b0b0", color);
  const light = shadeFor("#e0e0e0", "#b0b0b0", color);
  const { size: [w, h], tile } = WEAVES[fabric](ink, light);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${PHOTO_WIDTH} ${PHOTO_HEIGHT}" width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}">
<defs>
<pattern id="weave" width="${w}" height="${h}" patternUnits="userSpaceOnUse">${tile}</pattern>
<linearGradient id="fold" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="#fff" stop-opacity=".14"/><stop offset=".46" stop-color="#fff" stop-opacity="0"/>
<stop offset=".56" stop-color="#000" stop-opacity=".22"/><stop offset=".64" stop-color="#fff" stop-opacity=".08"/>
<stop offset="1" stop-color="#000" stop-opacity=".12"/>
</linearGradient>
</defs>
<rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="${color}"/>
<rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#weave)"/>
<rect width="${PHOTO_WIDTH}" height="${PHOTO_HEIGHT}" fill="url(#fold)"/>
</svg>`;
}

// ---- Photos ------------------------------------------------------------

/** "Classic Cotton Tee in Navy, front": what the photo shows, for people who cannot see it. */
export function demoPhotoAlt(productName: string, color: string, view: DemoPhotoView): string {
  return `${productName} in ${color}, ${view}`;
}

/**
 * Drawings as PNG (flat colours stay crisp); the fabric, all gradient and
 * weave, as JPEG (a tenth of the PNG's size).
 */
async function encode(svg: string, as: DemoPhoto["contentType"]): Promise<Buffer> {
  const image = sharp(Buffer.from(svg)).resize(PHOTO_WIDTH, PHOTO_HEIGHT);
  // Quick settings: the seed draws about a hundred of these whenever a shop starts empty.
  return (as === "image/png" ? image.png({ compressionLevel: 6 }) : image.jpeg({ quality: 85 })).toBuffer();
}

/** The photos of one colour of a demo product, front first. */
export async function demoPhotos(product: DemoProduct, color: string): Promise<DemoPhoto[]> {
  const shade = demoColors[color];
  if (!shade) throw new Error(`The demo colour ${color} of ${product.slug} has no shade in demoColors`);
  const garment = recolor(await readFile(path.join(process.cwd(), "public", product.image), "utf8"), product.photo.artColor, shade);
  const svgs: Record<DemoPhotoView, string> = {
    front: garment,
    "close-up": closeUp(garment, product.photo.closeUp),
    fabric: fabricSvg(product.photo.fabric, shade),
  };
  return Promise.all(
    DEMO_PHOTO_VIEWS.map(async (view) => {
      const contentType = view === "fabric" ? "image/jpeg" : "image/png";
      return { view, alt: demoPhotoAlt(product.name, color, view), contentType, data: await encode(svgs[view], contentType) };
    }),
  );
}
