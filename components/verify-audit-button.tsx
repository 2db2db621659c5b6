"use client";
import { useState, useTransition } from "react";
import type { FormResult } from "./action-form";
import { catchRefusal } from "./action-refusal";

export function VerifyAuditButton({ verify }: { verify: () => Promise<FormResult> }) {
  const [result, setResult] = useState<FormResult>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        className="btn-secondary"
        disabled={pending}
        onClick={() => start(async () => setResult(await catchRefusal(verify, (error): FormResult => ({ ok: false, error }))()))}
      >
        {pending ? "正在校验…" : "校验审计日志完整性"}
      </button>
      {result && (
        <span role={result.ok ? "status" : "alert"} className={result.ok ? "text-sm text-green-700" : "text-sm text-red-700"}>
          {result.ok ? result.message : result.error}
        </span>
      )}
    </div>
  );
}
