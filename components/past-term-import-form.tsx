"use client";
// Upload of a past term's members: the term's name and the filled-in template; then either the counts
// imported or every problem by row and column (nothing saved), as the candidate import shows them.
import { startTransition, useActionState, useState } from "react";
import { chosenFileProblem, sizeText, uploadLimitText } from "@/lib/domain/spreadsheet-import";
import { catchRefusal } from "./action-refusal";
import { ImportProblems, type ImportProblem } from "./import-problems";

export type PastTermImportState = { ok: true; name: string; villages: number; members: number } | { ok: false; error: string; details: ImportProblem[] } | null;
export type PastTermImportAction = (prev: PastTermImportState, formData: FormData) => Promise<PastTermImportState>;

export function PastTermImportForm({ action, maxBytes, maxRows }: { action: PastTermImportAction; maxBytes: number; maxRows: number }) {
  const [state, formAction, pending] = useActionState(
    catchRefusal(action, (error): PastTermImportState => ({ ok: false, error, details: [] })),
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
          const name = String(data.get("name") ?? "").trim();
          const chosen = data.get("file");
          if (!name) return setLocalError("请填写届别名称，如 第十一届");
          const problem = chosenFileProblem(chosen instanceof File ? chosen : null, maxBytes, "请按乡镇分成几个文件导入");
          if (problem) return setLocalError(problem);
          setLocalError(null);
          setShowResult(true);
          startTransition(() => formAction(data));
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="f-name">届别名称</label>
          <input
            id="f-name"
            name="name"
            required
            maxLength={100}
            placeholder="如 第十一届"
            disabled={pending}
            className="w-40"
            onChange={() => setShowResult(false)}
          />
        </div>
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
        <p role="status" aria-live="polite" className="rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
          正在上传并逐行检查{file ? `「${file.name}」（${sizeText(file.size)}）` : ""}，请不要关闭页面。
        </p>
      )}

      {result?.ok && (
        <p role="status" className="rounded bg-green-50 px-3 py-2 text-sm font-medium text-green-800">
          已导入{result.name}：{result.villages} 个村(社区)，{result.members} 名成员。
        </p>
      )}

      {result && !result.ok && <ImportProblems error={result.error} details={result.details} />}
    </div>
  );
}
