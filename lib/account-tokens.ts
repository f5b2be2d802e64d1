import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db/client";
import { accountToken, type AccountToken } from "@/db/schema";
import { now } from "./clock";

export type TokenPurpose = AccountToken["purpose"];

/** How long an emailed link works. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 60 * 60_000,
  reset_password: 60 * 60_000,
};

/** The form a token takes in a link: 256 random bits, URL-safe. Anything else is not ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashAccountToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a single-use link token for a user and stores only its hash.
 * Spent or expired tokens of the same user and purpose are dropped here, so
 * the table does not grow without a clean-up job.
 */
export async function issueAccountToken(
  tx: Transaction,
  user: { id: string; email: string },
  purpose: TokenPurpose,
): Promise<{ token: string; expiresAt: Date }> {
  const at = now();
  await tx
    .delete(accountToken)
    .where(and(
      eq(accountToken.userId, user.id),
      eq(accountToken.purpose, purpose),
      or(lt(accountToken.expiresAt, at), isNotNull(accountToken.usedAt)),
    ));
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(at.getTime() + TOKEN_LIFETIME_MS[purpose]);
  await tx.insert(accountToken).values({ userId: user.id, purpose, tokenHash: hashAccountToken(token), email: user.email, expiresAt });
  return { token, expiresAt };
}

/**
 * The live (unused, unexpired) token row a link carries, or null. With
 * `forUpdate` the row stays locked until the caller's transaction ends, so
 * of two clicks on one link only one finds it live.
 */
export async function findLiveToken(
  token: unknown,
  purpose: TokenPurpose,
  tx: Transaction | Database = db,
  { forUpdate = false } = {},
): Promise<AccountToken | null> {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) return null;
  const query = tx
    .select()
    .from(accountToken)
    .where(and(
      eq(accountToken.tokenHash, hashAccountToken(token)),
      eq(accountToken.purpose, purpose),
      isNull(accountToken.usedAt),
      gt(accountToken.expiresAt, now()),
    ));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

/** Spends a token inside the caller's transaction; null when it is not live (unknown, used, expired, other purpose). */
export async function consumeToken(tx: Transaction, token: unknown, purpose: TokenPurpose): Promise<AccountToken | null> {
  const row = await findLiveToken(token, purpose, tx, { forUpdate: true });
  if (!row) return null;
  await markTokenUsed(tx, row.id);
  return row;
}

export async function markTokenUsed(tx: Transaction, tokenId: string): Promise<void> {
  await tx.update(accountToken).set({ usedAt: now() }).where(eq(accountToken.id, tokenId));
}

/** Ends every other live link of a user (all purposes, or one), e.g. after a password reset. */
export async function revokeTokens(tx: Transaction, userId: string, purpose?: TokenPurpose): Promise<void> {
  await tx
    .delete(accountToken)
    .where(and(eq(accountToken.userId, userId), isNull(accountToken.usedAt), purpose ? eq(accountToken.purpose, purpose) : undefined));
}
