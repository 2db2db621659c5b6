"use client";
// Upload of a voter roll file (.xlsx or CSV): choose the campaign and the unit, then a progress state while
// the server checks every row, then the counts per village or every problem by row, column and reason.
import { startTransition, useActionState, useState } from "react";
import { chosenTableFileProblem, sizeText, VOTER_UPLOAD_MAX_BYTES, VOTER_UPLOAD_TOO_BIG } from "@/lib/domain/spreadsheet-import";
import { catchRefusal } from "./action-refusal";
import { ImportProblems, type ImportProblem } from "./import-problems";

export type VoterImportState =
  | { ok: true; villages: number; voters: number; rollsCreated: number; byVillage: { code: string; name: string; voters: number; rollCreated: boolean }[] }
  | { ok: false; error: string; details: ImportProblem[] }
  | null;
export type VoterImportAction = (prev: VoterImportState, formData: FormData) => Promise<VoterImportState>;

export function VoterImportForm({
  action,
  campaigns,
  units,
  limitText,
}: {
  action: VoterImportAction;
  campaigns: { id: string; name: string }[];
  units: { id: string; label: string }[];
  limitText: string;
}) {
  const [state, formAction, pending] = useActionState(
    catchRefusal(action, (error): VoterImportState => ({ ok: false, error, details: [] })),
    null,
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const [file, setFile] = useState<{ name: string; size: number } | null>(null);
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
          const problem = chosenTableFileProblem(chosen instanceof File ? chosen : null, VOTER_UPLOAD_MAX_BYTES, VOTER_UPLOAD_TOO_BIG);
          if (problem) return setLocalError(problem);
          setLocalError(null);
          setShowResult(true);
          startTransition(() => formAction(data));
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="vi-campaign">换届</label>
          <select id="vi-campaign" name="campaignId" required disabled={pending}>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="vi-unit">导入范围</label>
          <select id="vi-unit" name="unitId" required disabled={pending}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="vi-file">选民名单文件（.xlsx 或 .csv）</label>
          <input
            id="vi-file"
            name="file"
            type="file"
            aria-describedby="vi-file-limit"
            required
            disabled={pending}
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setFile(f ? { name: f.name, size: f.size } : null);
              setLocalError(null);
              setShowResult(false);
            }}
          />
          <span id="vi-file-limit" className="text-xs text-slate-500">
            {limitText}
          </span>
        </div>
        <button type="submit" className="btn" disabled={pending || !file}>
          {pending ? "正在导入…" : "上传并导入"}
        </button>
      </form>

      {localError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {localError}
        </p>
      )}

      {pending && (
        <div role="status" aria-live="polite" className="space-y-2 rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
          <p>正在上传并逐行检查{file ? `「${file.name}」（${sizeText(file.size)}）` : ""}，请不要关闭页面。几万行的文件可能需要一分钟。</p>
          <div className="h-1.5 w-full overflow-hidden rounded bg-slate-200">
            <div className="h-full w-1/3 animate-pulse rounded bg-red-700" />
          </div>
        </div>
      )}

      {result?.ok && (
        <div role="status" className="space-y-2 rounded bg-green-50 px-3 py-2 text-sm text-green-800">
          <p className="font-medium">
            已导入选民：{result.villages} 个村(社区)，{result.voters} 名选民
            {result.rollsCreated ? `（新建选民名单 ${result.rollsCreated} 份）` : ""}。
          </p>
          <table>
            <thead>
              <tr>
                <th>村(社区)</th>
                <th>统计用区划代码</th>
                <th>导入选民</th>
              </tr>
            </thead>
            <tbody>
              {result.byVillage.map((v) => (
                <tr key={v.code}>
                  <td>
                    {v.name}
                    {v.rollCreated ? "（新建名单）" : ""}
                  </td>
                  <td className="tabular-nums">{v.code}</td>
                  <td className="tabular-nums">{v.voters}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {result && !result.ok && (
        <ImportProblems
          error={result.error}
          details={result.details}
          advice="请在文件中按下表逐一改正后重新上传整个文件。"
          sheetColumn={false}
          reasonHeader="原因"
        />
      )}
    </div>
  );
}
