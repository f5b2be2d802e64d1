import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { inLocale } from "@/i18n/paths";
import { E2E_APP_URL } from "./ports";

type Manifest = { node: Record<string, { filename?: string; exportedName?: string }> };

/** The id of a server action in the production build, by its exported name. */
export function serverActionId(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name);
  if (!found) throw new Error(`No server action named ${name} in the build`);
  return found[0];
}

/** A storefront path as an English browser reads it, under /en; the API, back office, emails and photos keep theirs. */
export const englishPath = (path: string): string => inLocale(path, "en");

/**
 * Posts `fields` to a `useActionState` server action the way React does, as
 * (previous state, form data), with whatever values a hand-made request may
 * carry. The form's entries must come before the root that refers to them.
 */
export async function postToAction(
  request: APIRequestContext,
  name: string,
  pagePath: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(`_1_${key}`, value);
  form.append("0", '[null,"$K1"]');
  const response = await request.post(englishPath(pagePath), {
    headers: { "Next-Action": serverActionId(name), Origin: E2E_APP_URL, Accept: "text/x-component" },
    multipart: form,
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}
