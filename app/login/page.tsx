import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { endedSessionReasonHere, getActor } from "@/lib/server/auth/actor";
import { env } from "@/lib/env";
import { t } from "@/lib/i18n/zh";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "登录" };

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await getActor()) redirect("/home");
  // The session this browser held was ended from elsewhere: say so, once they are back here.
  const ended = await endedSessionReasonHere();
  const notice = ended === "session_cap" ? t.login.sessionCapped(env().SESSION_MAX_PER_USER) : ended === "ended_by_user" ? t.login.sessionEndedByUser : null;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="card w-full max-w-sm">
        <h1 className="mb-1 text-center">{t.appName}</h1>
        <p className="mb-6 text-center text-sm text-slate-500">{t.login.title}</p>
        {notice && (
          <p role="status" className="mb-4 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="session-ended-notice">
            {notice}
          </p>
        )}
        <LoginForm />
        <p className="mt-4 text-xs text-slate-500">{t.login.hint}</p>
      </div>
    </main>
  );
}
