"use client";
// 我的账号's second-factor section (docs/decisions/013-second-factor.md): start binding, scan the QR
// code, confirm with a code, and see the ten recovery codes once. The codes live in this component's
// state, which stays when the page re-renders around it after the save.
import { startTransition, useActionState } from "react";
import type { CodesResult } from "@/app/(app)/account/actions";
import { formatRecoveryCode, groupSecret } from "@/lib/domain/second-factor";
import { t } from "@/lib/i18n/zh";
import { ActionForm, Field, type FormAction } from "./action-form";
import { PrintButton } from "./print-button";
import { SecondFactorField } from "./second-factor-field";

type CodesAction = (prev: CodesResult, fd: FormData) => Promise<CodesResult>;

export type SecondFactorView = {
  required: boolean;
  enrolled: boolean;
  enabledSince: string | null;
  recoveryCodesLeft: number;
  pending: { secret: string; qrSvg: string } | null;
};

function CodesForm({
  action,
  state,
  pending,
  children,
  submit,
  confirm,
}: {
  action: (fd: FormData) => void;
  state: CodesResult;
  pending: boolean;
  children?: React.ReactNode;
  submit: string;
  confirm?: string;
}) {
  return (
    <form
      method="post"
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (confirm && !window.confirm(confirm)) return;
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
      {children}
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? t.common.saving : submit}
      </button>
      {state && !state.ok && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
    </form>
  );
}

export function SecondFactorPanel({
  view,
  begin,
  confirm,
  regenerate,
  disable,
}: {
  view: SecondFactorView;
  begin: FormAction;
  confirm: CodesAction;
  regenerate: CodesAction;
  disable: FormAction;
}) {
  const [confirmed, confirmAction, confirming] = useActionState(confirm, null);
  const [regenerated, regenerateAction, regenerating] = useActionState(regenerate, null);
  const shown = regenerated?.ok ? regenerated.codes : confirmed?.ok ? confirmed.codes : null;
  const need = { demand: view.enrolled ? ("enrolled" as const) : ("none" as const), enrolled: view.enrolled };
  return (
    <section id="second-factor" className="card space-y-3" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">{t.account.totpTitle}</h2>
      <p className="text-sm text-slate-600">{t.account.totpIntro}</p>
      {view.required && <p className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">{t.account.totpRequired}</p>}
      {shown && (
        <div className="rounded border border-slate-300 p-3" data-testid="recovery-codes">
          <h3 className="font-semibold">{t.account.codesTitle}</h3>
          <p className="mb-2 text-sm text-slate-600">{t.account.codesIntro}</p>
          <ol className="grid list-decimal grid-cols-2 gap-x-8 pl-6 font-mono sm:grid-cols-5">
            {shown.map((c) => (
              <li key={c}>{formatRecoveryCode(c)}</li>
            ))}
          </ol>
          <div className="no-print mt-2">
            <PrintButton />
          </div>
        </div>
      )}
      {view.enrolled ? (
        <>
          <p className="text-sm" data-testid="totp-status">
            {t.account.totpOn(view.enabledSince ?? "", view.recoveryCodesLeft)}
          </p>
          <h3 className="border-t border-slate-200 pt-2 font-semibold">{t.account.codesRegenerate}</h3>
          <CodesForm
            action={regenerateAction}
            state={regenerated}
            pending={regenerating}
            submit={t.account.codesRegenerate}
            confirm={t.account.codesRegenerateConfirm}
          >
            <label className="flex flex-col gap-1">
              <span>动态口令（或一个恢复码）</span>
              <input name="otp" autoComplete="one-time-code" inputMode="numeric" required maxLength={12} className="w-40 font-mono" />
            </label>
          </CodesForm>
          {!view.required && <h3 className="border-t border-slate-200 pt-2 font-semibold">{t.account.totpDisable}</h3>}
          {!view.required && (
            <ActionForm action={disable} submitLabel={t.account.totpDisable} confirm={t.account.totpDisableConfirm}>
              <Field name="password" id="f-totp-password" label={t.account.totpPassword}>
                <input id="f-totp-password" name="password" type="password" autoComplete="current-password" required className="w-64" />
              </Field>
              <SecondFactorField need={need} id="f-otp-disable" />
            </ActionForm>
          )}
        </>
      ) : view.pending ? (
        <div className="space-y-2">
          <p className="text-sm">{t.account.totpScan}</p>
          <div className="h-48 w-48" data-testid="totp-qr" dangerouslySetInnerHTML={{ __html: view.pending.qrSvg }} />
          <p className="text-sm">
            {t.account.totpSecret}：
            <span className="font-mono" data-testid="totp-secret">
              {groupSecret(view.pending.secret)}
            </span>
          </p>
          <CodesForm action={confirmAction} state={confirmed} pending={confirming} submit={t.account.totpConfirm}>
            <label className="flex flex-col gap-1">
              <span>{t.account.totpCode}</span>
              <input name="code" autoComplete="one-time-code" inputMode="numeric" required maxLength={8} className="w-40 font-mono" />
            </label>
          </CodesForm>
          <ActionForm action={begin} inline submitLabel={t.account.totpRestart} />
        </div>
      ) : (
        <>
          <p className="text-sm">{t.account.totpOff}</p>
          <ActionForm action={begin} inline submitLabel={t.account.totpBegin} />
        </>
      )}
    </section>
  );
}
