/**
 * Just enough of source maps (v3, plain or indexed with sections) to say
 * which original file a generated position came from: the CPU profile's
 * functions live in minified bundles, their sources do not.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

type RawMap = { sources?: string[]; mappings?: string; sourceRoot?: string; sections?: Array<{ offset: { line: number; column: number }; map: RawMap }> };
const rawMap: z.ZodType<RawMap> = z.lazy(() => z.object({
  sources: z.array(z.string()).optional(),
  mappings: z.string().optional(),
  sourceRoot: z.string().optional(),
  sections: z.array(z.object({ offset: z.object({ line: z.number(), column: z.number() }), map: rawMap })).optional(),
}));

/** Per generated line: segment start columns and their source index, in column order. */
type Decoded = { sources: string[]; lines: Array<{ columns: number[]; sources: number[] }> };
type Section = { line: number; column: number; map: Decoded };

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) break;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function decode(map: RawMap): Decoded {
  const lines: Decoded["lines"] = [];
  let source = 0;
  for (const line of (map.mappings ?? "").split(";")) {
    const columns: number[] = [];
    const sources: number[] = [];
    let column = 0;
    for (const segment of line.split(",")) {
      if (segment === "") continue;
      const [dColumn = 0, dSource] = decodeVlq(segment);
      column += dColumn;
      if (dSource !== undefined) {
        source += dSource;
        columns.push(column);
        sources.push(source);
      }
    }
    lines.push({ columns, sources });
  }
  return { sources: (map.sources ?? []).map((s) => (map.sourceRoot ? `${map.sourceRoot}${s}` : s)), lines };
}

function lookupIn(map: Decoded, line: number, column: number): string | null {
  const segments = map.lines[line];
  if (!segments || segments.columns.length === 0) return null;
  let low = 0;
  let high = segments.columns.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((segments.columns[mid] ?? 0) <= column) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  const index = segments.sources[found];
  return index === undefined ? null : (map.sources[index] ?? null);
}

const cache = new Map<string, Section[] | null>();

function load(file: string): Section[] | null {
  if (cache.has(file)) return cache.get(file) ?? null;
  let sections: Section[] | null = null;
  const mapFile = `${file}.map`;
  if (existsSync(mapFile)) {
    const parsed = rawMap.safeParse(JSON.parse(readFileSync(mapFile, "utf8")));
    if (parsed.success) {
      sections = parsed.data.sections
        ? parsed.data.sections.map((s) => ({ line: s.offset.line, column: s.offset.column, map: decode(s.map) }))
        : [{ line: 0, column: 0, map: decode(parsed.data) }];
    }
  }
  cache.set(file, sections);
  return sections;
}

/** The original source of a 0-based generated position in `url` (a file path or file:// URL), when a map says. */
export function originalSource(url: string, line: number, column: number): string | null {
  if (url === "" || url.startsWith("node:")) return null;
  const file = url.startsWith("file://") ? fileURLToPath(url) : url;
  if (!path.isAbsolute(file)) return null;
  const sections = load(file);
  if (!sections) return null;
  const section = [...sections].reverse().find((s) => s.line < line || (s.line === line && s.column <= column));
  if (!section) return null;
  return lookupIn(section.map, line - section.line, line === section.line ? column - section.column : column);
}
