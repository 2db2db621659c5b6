import "server-only";
// next-auth (v4, credentials) configuration. The JWT only carries a server session id ("sid");
// lib/server/auth/actor.ts checks that session on every request (docs/decisions/002).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env, isLocalUrl } from "@/lib/env";
import { clientAddress } from "./client-address";
import { attemptLogin, logout } from "./login";
import { authSecret } from "./secret";
import { SESSION_MAX_HOURS } from "./sessions";

export function sessionCookieName(): string {
  return secureCookies() ? "__Secure-hj.session" : "hj.session";
}

function secureCookies(): boolean {
  return !isLocalUrl(env().APP_URL);
}

export function authOptions(): NextAuthOptions {
  const secure = secureCookies();
  const base = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_HOURS * 3600 },
    pages: { signIn: "/login" },
    useSecureCookies: secure,
    cookies: {
      sessionToken: { name: sessionCookieName(), options: base },
      callbackUrl: { name: secure ? "__Secure-hj.callback-url" : "hj.callback-url", options: base },
      csrfToken: { name: secure ? "__Host-hj.csrf-token" : "hj.csrf-token", options: base },
    },
    providers: [
      CredentialsProvider({
        name: "用户名密码",
        credentials: { username: { label: "用户名", type: "text" }, password: { label: "密码", type: "password" } },
        async authorize(credentials, req) {
          const address = clientAddress(req?.headers);
          const ua = req?.headers?.["user-agent"];
          const userAgent = typeof ua === "string" ? ua : undefined;
          const result = await attemptLogin(String(credentials?.username ?? ""), String(credentials?.password ?? ""), new Date(), address, userAgent);
          // The thrown message reaches the login page as `error` (next-auth v4 credentials flow).
          if (!result.ok) throw new Error(result.message);
          return { id: result.userId, sid: result.sessionId } as { id: string; sid: string };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user && "sid" in user) token.sid = (user as { sid: string }).sid;
        return token;
      },
      async session({ session }) {
        // Nothing personal goes to the browser; pages load the actor on the server.
        return { expires: session.expires } as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token && typeof token.sid === "string") await logout(token.sid);
      },
    },
  };
}
