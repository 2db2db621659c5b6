import Link from "next/link";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/change-password-form";
import { LogoutButton } from "@/components/logout-button";
import { t } from "@/lib/i18n/zh";
import { getSessionActor } from "@/lib/server/auth/actor";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "修改密码" };

export const dynamic = "force-dynamic";

/**
 * Outside the (app) layout: where a user whose password was set by an administrator, or has expired,
 * is sent by getActor() before anything else (docs/decisions/002). Logout stays reachable here.
 */
export default async function PasswordPage() {
  const actor = await getSessionActor();
  if (!actor) redirect("/login");
  const notice =
    actor.passwordChange === "admin_set" ? t.account.requiredAdminSet : actor.passwordChange === "expired" ? t.account.requiredExpired : t.account.voluntary;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="card w-full max-w-md space-y-4">
        <div>
          <h1 className="mb-1">{t.account.passwordTitle}</h1>
          <p className="text-sm text-slate-500">
            {actor.unitName} · {actor.displayName}（{actor.username}）
          </p>
        </div>
        <p data-testid="password-notice" className={actor.passwordChange ? "rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" : "text-sm text-slate-600"}>
          {notice}
        </p>
        <ChangePasswordForm action={changePasswordAction} />
        <div className="flex items-center justify-between border-t pt-3 text-sm">
          {actor.passwordChange ? (
            <span />
          ) : (
            <Link className="link" href="/home">
              {t.account.backHome}
            </Link>
          )}
          <div className="bg-red-800 text-white rounded">
            <LogoutButton />
          </div>
        </div>
      </div>
    </main>
  );
}
