import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { getActor } from "@/lib/server/auth/actor";
import { t } from "@/lib/i18n/zh";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "登录" };

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await getActor()) redirect("/home");
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="card w-full max-w-sm">
        <h1 className="mb-1 text-center">{t.appName}</h1>
        <p className="mb-6 text-center text-sm text-slate-500">{t.login.title}</p>
        <LoginForm />
        <p className="mt-4 text-xs text-slate-500">{t.login.hint}</p>
      </div>
    </main>
  );
}
