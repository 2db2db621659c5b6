"use client";
// Upload of a filled-in candidate template: a progress state while the server reads and checks every row,
// then either the count imported or every problem by sheet, row and column (nothing saved).
import Link from "next/link";
import { startTransition, useActionState, useState } from "react";
import { chosenFileProblem, sizeText, uploadLimitText } from "@/lib/domain/spreadsheet-import";
import { catchRefusal } from "./action-refusal";
import { ImportProblems, type ImportProblem } from "./import-problems";

export type ImportState = { ok: true; imported: number; villages: number } | { ok: false; error: string; details: ImportProblem[] } | null;
export type ImportAction = (prev: ImportState, formData: FormData) => Promise<ImportState>;

export function CandidateImportForm({
  action,
  campaignId,
  unitId,
  maxBytes,
  maxRows,
  doneHref,
}: {
  action: ImportAction;
  campaignId: string;
  unitId: string;
  maxBytes: number;
  maxRows: number;
  doneHref: string;
}) {
  const [state, formAction, pending] = useActionState(
    catchRefusal(action, (error): ImportState => ({ ok: false, error, details: [] })),
    null,
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; size: number } | null>(null);
  // A result belongs to the file it was for: choosing another file hides it.
  const [showResult, setShowResult] = useState(false);
  const result = showResult && !pending ? state : null;

  return (
    <div className="space-y-3">
      <form
        method="post"
        encType="multipart/form-data"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const chosen = data.get("file");
          const problem = chosenFileProblem(chosen instanceof File ? chosen : null, maxBytes, "请删去图片和多余的工作表，或分成几个文件导入");
          if (problem) return setLocalError(problem);
          setLocalError(null);
          setShowResult(true);
          startTransition(() => formAction(data));
        }}
      >
        <input type="hidden" name="campaignId" value={campaignId} />
        <input type="hidden" name="unitId" value={unitId} />
        <div className="flex flex-col gap-1">
          <label htmlFor="f-file">填好的导入文件（.xlsx）</label>
          <input
            id="f-file"
            name="file"
            type="file"
            aria-describedby="f-file-limit"
            required
            disabled={pending}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setFile(f ? { name: f.name, size: f.size } : null);
              setLocalError(null);
              setShowResult(false);
            }}
          />
          <span id="f-file-limit" className="text-xs text-slate-500">
            {uploadLimitText(maxBytes, maxRows)}
          </span>
        </div>
        <button type="submit" className="btn" disabled={pending || !file}>
          {pending ? "正在检查…" : "上传并导入"}
        </button>
      </form>

      {localError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {localError}
        </p>
      )}

      {pending && (
        <div role="status" aria-live="polite" className="space-y-2 rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
          <p>正在上传并逐行检查{file ? `「${file.name}」（${sizeText(file.size)}）` : ""}，请不要关闭页面。几千行的文件可能需要半分钟。</p>
          <div className="h-1.5 w-full overflow-hidden rounded bg-slate-200">
            <div className="h-full w-1/3 animate-pulse rounded bg-red-700" />
          </div>
        </div>
      )}

      {result?.ok && (
        <div role="status" className="rounded bg-green-50 px-3 py-2 text-sm text-green-800">
          <p className="font-medium">
            已导入 {result.imported} 名候选人（{result.villages} 个村）。
          </p>
          <p>
            请到各村(社区)名单页查看系统检查结果。{" "}
            <Link className="link" href={doneHref}>
              返回各村(社区)进度
            </Link>
          </p>
        </div>
      )}

      {result && !result.ok && <ImportProblems error={result.error} details={result.details} />}
    </div>
  );
}
