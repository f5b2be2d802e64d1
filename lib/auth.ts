import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cache } from "react";
import { db } from "@/db/client";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { findAccountByEmail, isSessionCurrent, passwordStamp, signInSchema, verifyCredentials, type Role } from "./accounts";
import { clientAddress } from "./client-address";
import { now } from "./clock";
import { env } from "./env";
import { translator, type Locale } from "./i18n";

/** A staff session ends this long after signing in, whatever the shopper session length. */
export const STAFF_SESSION_MAX_MS = 8 * 60 * 60 * 1000;

declare module "next-auth" {
  interface User {
    role?: Role;
    passwordStamp?: number;
  }
  interface Session {
    /** Unix seconds of the sign-in that started this session. */
    signedInAt?: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    role?: Role;
    signedInAt?: number;
    /** The password the session signed in with (see passwordStamp in lib/accounts). */
    passwordStamp?: number;
  }
}

/** Thrown by `authorize` when the email or address is locked; carries how long for. */
class ThrottledSignIn extends CredentialsSignin {
  code = "throttled";
  constructor(readonly minutes: number) {
    super();
  }
}

// Configured lazily: env() must not run while `next build` collects pages.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  adapter: DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  // Credentials sign-ins only work with JWT sessions.
  session: { strategy: "jwt" },
  secret: env().authSecret,
  trustHost: true,
  // Auth.js debug logging prints the posted form body, password included: never on.
  debug: false,
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error: (error) => {
      if (!(error instanceof CredentialsSignin)) console.error("[auth]", error);
    },
  },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        // Both ways in (the /sign-in action and Auth.js's own callback route) carry the request's headers,
        // where our server put the address it saw; X-Forwarded-For is the client's to invent.
        const result = await verifyCredentials(parsed.data.email, parsed.data.password, clientAddress(request.headers));
        if (result.ok) return { ...result.user, passwordStamp: result.passwordStamp };
        if (result.reason === "throttled") throw new ThrottledSignIn(result.minutes);
        return null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.role = user.role;
        token.signedInAt = Math.floor(now().getTime() / 1000);
        token.passwordStamp = user.passwordStamp ?? 0;
      }
      // Returning null ends the session: a staff account stays signed in eight hours at most.
      const signedInMs = (token.signedInAt ?? 0) * 1000;
      if (token.role === "staff" && now().getTime() - signedInMs > STAFF_SESSION_MAX_MS) return null;
      // JWTs cannot be recalled, so each use checks the account: a password reset ends every session opened before it.
      if (token.sub && !isSessionCurrent(token.passwordStamp, await passwordStamp(token.sub))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.signedInAt = token.signedInAt;
      return session;
    },
  },
}));

export type PasswordSignIn =
  | { ok: true; userId: string; mustChangePassword: boolean }
  | { ok: false; reason: "invalid" | "throttled"; message: string };

/**
 * Signs the shopper in from a server action: sets the session cookie and
 * returns who they are, or why not. Outages still throw.
 */
export async function signInWithPassword(email: string, password: string, locale: Locale = "en"): Promise<PasswordSignIn> {
  const t = translator(locale, "account.signIn");
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    if (error instanceof ThrottledSignIn) return { ok: false, reason: "throttled", message: t("throttled", { minutes: error.minutes }) };
    if (error instanceof CredentialsSignin) return { ok: false, reason: "invalid", message: t("wrong") };
    throw error;
  }
  const account = await findAccountByEmail(email);
  if (!account) throw new Error("Signed in, but the account is gone");
  return { ok: true, userId: account.id, mustChangePassword: account.mustChangePassword };
}

export const currentUser = cache(async () => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return {
    id,
    name: session.user?.name ?? null,
    email: session.user?.email ?? null,
    signedInAt: new Date((session.signedInAt ?? 0) * 1000),
  };
});
