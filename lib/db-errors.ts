/**
 * The unique constraint a failed statement broke, or null for any other
 * error. Drizzle wraps the driver's error, so the cause chain is searched.
 * Lets a rule turn "slug taken" into a field error even when two saves race
 * past any check made before the write.
 */
export function violatedUnique(error: unknown): string | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ("code" in e && e.code === "23505") return "constraint" in e && typeof e.constraint === "string" ? e.constraint : "";
  }
  return null;
}
