import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/change-password-form";
import { ROLE_LABEL } from "@/lib/domain/permissions";
import { t } from "@/lib/i18n/zh";
import { changePasswordAction } from "@/app/password/actions";
import { requireActor } from "@/lib/server/auth/actor";

export const metadata: Metadata = { title: "我的账号" };

const day = (d: Date) => d.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" });

/** The signed-in user's own page: who they are, and changing their own password. */
export default async function AccountPage() {
  const actor = await requireActor();
  return (
    <div className="space-y-4">
      <h1>{t.account.title}</h1>
      <section className="card grid gap-2 text-sm sm:grid-cols-2">
        <div>
          {actor.displayName} <span className="font-mono text-slate-500">{actor.username}</span>
        </div>
        <div>
          {ROLE_LABEL[actor.role]} · {actor.unitName}
          {actor.departmentName ? ` · ${actor.departmentName}` : ""}
        </div>
        <div>
          {t.account.expires}：{actor.passwordExpiresAt ? day(actor.passwordExpiresAt) : t.account.noExpiry}
        </div>
      </section>
      <section className="card">
        <h2 className="mb-1">{t.account.passwordTitle}</h2>
        <p className="mb-3 text-sm text-slate-600">{t.account.voluntary}</p>
        <ChangePasswordForm action={changePasswordAction} />
      </section>
    </div>
  );
}
