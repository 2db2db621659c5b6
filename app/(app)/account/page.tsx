import type { Metadata } from "next";
import { ActionForm } from "@/components/action-form";
import { ChangePasswordForm } from "@/components/change-password-form";
import { chinaDateTime } from "@/lib/domain/oversight";
import { userAgentSummary } from "@/lib/domain/user-agent";
import { env } from "@/lib/env";
import { ROLE_LABEL } from "@/lib/domain/permissions";
import { t } from "@/lib/i18n/zh";
import { changePasswordAction } from "@/app/password/actions";
import { requireActor } from "@/lib/server/auth/actor";
import { listOwnSessions } from "@/lib/server/auth/sessions";
import { getOwnSecondFactor } from "@/lib/server/own-second-factor";
import { SecondFactorPanel } from "@/components/second-factor-panel";
import { beginTotpAction, confirmTotpAction, disableTotpAction, endOtherSessionsAction, endSessionAction, regenerateCodesAction } from "./actions";

export const metadata: Metadata = { title: "我的账号" };

const day = (d: Date) => d.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" });

const at = (d: Date) => chinaDateTime(d.toISOString());

/** The signed-in user's own page: who they are, their live sessions, and changing their own password. */
export default async function AccountPage() {
  const actor = await requireActor();
  const [sessions, factor] = await Promise.all([listOwnSessions(actor), getOwnSecondFactor(actor)]);
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
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="mb-1">
          {t.account.sessionsTitle}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t.account.sessionsIntro(env().SESSION_MAX_PER_USER)}</p>
        <table className="w-full text-sm" data-testid="own-sessions">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1">{t.account.sessionStarted}</th>
              <th>{t.account.sessionLastSeen}</th>
              <th>{t.account.sessionAddress}</th>
              <th>{t.account.sessionClient}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.handle} className="border-t border-slate-200" data-current={s.current ? "1" : undefined}>
                <td className="py-1">{at(s.createdAt)}</td>
                <td>{at(s.lastSeenAt)}</td>
                <td className="font-mono">{s.address ?? t.account.unknownAddress}</td>
                <td>{userAgentSummary(s.userAgent)}</td>
                <td className="text-right">
                  {s.current ? (
                    <span className="rounded bg-green-50 px-2 py-0.5 text-green-800">{t.account.sessionCurrent}</span>
                  ) : (
                    <ActionForm action={endSessionAction} inline submitLabel={t.account.sessionEnd} confirm={t.account.sessionEndConfirm}>
                      <input type="hidden" name="handle" value={s.handle} />
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!sessions.some((s) => !s.current) && <p className="mt-2 text-sm text-slate-500">{t.account.onlyThis}</p>}
        <div className="mt-3">
          {/* Always there, so its answer stays on screen after the list has shrunk to this session. */}
          <ActionForm action={endOtherSessionsAction} inline submitLabel={t.account.endOthers} confirm={t.account.endOthersConfirm} />
        </div>
      </section>
      <SecondFactorPanel
        view={{
          required: factor.required,
          enrolled: factor.enrolled,
          enabledSince: factor.enabledAt ? day(factor.enabledAt) : null,
          recoveryCodesLeft: factor.recoveryCodesLeft,
          pending: factor.pending,
        }}
        begin={beginTotpAction}
        confirm={confirmTotpAction}
        regenerate={regenerateCodesAction}
        disable={disableTotpAction}
      />
      <section className="card">
        <h2 className="mb-1">{t.account.passwordTitle}</h2>
        <p className="mb-3 text-sm text-slate-600">{t.account.voluntary}</p>
        <ChangePasswordForm action={changePasswordAction} />
      </section>
    </div>
  );
}
