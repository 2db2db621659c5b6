"use client";
import { refusalMessageOf } from "@/lib/domain/http-security";
import { t } from "@/lib/i18n/zh";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  // A request the proxy refused (foreign origin, too large) says why in Chinese; anything else stays generic.
  const refusal = refusalMessageOf(error);
  return (
    <main className="mx-auto max-w-xl p-8">
      <div className="card">
        <h1 className="mb-2">{refusal ? t.common.refusedTitle : t.common.errorTitle}</h1>
        <p role="alert" className="mb-2 text-sm text-slate-600">
          {refusal ?? t.common.errorText}
        </p>
        {error.digest && <p className="mb-4 font-mono text-xs text-slate-500">错误编号：{error.digest}</p>}
        <button type="button" className="btn" onClick={reset}>
          {t.common.retry}
        </button>
      </div>
    </main>
  );
}
