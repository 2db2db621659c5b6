"use client";
// The unit tree import on the 行政区划 page: choose the code table (.xlsx or .csv), see the plan (counts per
// level, new units, renames before/after, units the file leaves out), confirm; or every problem by row and column.
// Units left out can be deactivated here, one by one, as the explicit second step (docs/unit-import.md).
import { startTransition, useActionState, useRef, useState } from "react";
import { sizeText } from "@/lib/domain/spreadsheet-import";
import { KIND_LABEL, LEVEL_LABEL, type UnitKind, type UnitLevel } from "@/lib/domain/units";
import { ActionForm, type FormAction } from "./action-form";
import { catchRefusal } from "./action-refusal";
import { ImportProblems, type ImportProblem } from "./import-problems";

export type UnitImportPlanView = {
  applied: boolean;
  noChange: boolean;
  rows: number;
  byLevel: { level: UnitLevel; inFile: number; created: number; renamed: number; unchanged: number }[];
  created: { row: number; code: string; name: string; level: UnitLevel; kind: UnitKind }[];
  renamed: { row: number; code: string; before: { name: string; kind: UnitKind }; after: { name: string; kind: UnitKind } }[];
  missing: { id: string; version: number; code: string; name: string; level: UnitLevel; kind: UnitKind; top: boolean }[];
  digest: string;
};
export type UnitImportState = { ok: true; plan: UnitImportPlanView } | { ok: false; error: string; details: ImportProblem[] } | null;
export type UnitImportAction = (prev: UnitImportState, formData: FormData) => Promise<UnitImportState>;

/** The form's own check before sending: a file, of a kind the import reads, not empty, not too big. */
function chosenProblem(file: File | null, maxBytes: number): string | null {
  if (!file || file.name === "") return "请先选择要导入的代码表（.xlsx 或 .csv）";
  if (/\.xls$/i.test(file.name)) return "这是旧版 .xls 文件，请在 Excel 中“另存为” Excel 工作簿（.xlsx）或 CSV 后再上传";
  if (!/\.(xlsx|csv)$/i.test(file.name)) return "只能导入 Excel 工作簿（.xlsx）或 CSV 文件";
  if (file.size === 0) return `文件没有数据：「${file.name}」是 0 字节的空文件`;
  if (file.size > maxBytes) return `文件有 ${sizeText(file.size)}，超过上限 ${sizeText(maxBytes)}，请按市或县分成几个文件导入`;
  return null;
}

const SHOWN = 300;

export function UnitImportForm({
  action,
  deactivateAction,
  maxBytes,
  maxRows,
}: {
  action: UnitImportAction;
  deactivateAction: FormAction;
  maxBytes: number;
  maxRows: number;
}) {
  const [state, formAction, pending] = useActionState(
    catchRefusal(action, (error): UnitImportState => ({ ok: false, error, details: [] })),
    null,
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const [mode, setMode] = useState<"preview" | "apply">("preview");
  const [showResult, setShowResult] = useState(false);
  const file = useRef<File | null>(null);
  const result = showResult && !pending ? state : null;

  const send = (apply: boolean, digest = "") => {
    const problem = chosenProblem(file.current, maxBytes);
    if (problem) return setLocalError(problem);
    setLocalError(null);
    setMode(apply ? "apply" : "preview");
    setShowResult(true);
    const data = new FormData();
    data.set("file", file.current!);
    data.set("apply", apply ? "true" : "false");
    data.set("digest", digest);
    startTransition(() => formAction(data));
  };
  const plan = result?.ok ? result.plan : null;

  return (
    <div className="space-y-3">
      <form
        method="post"
        encType="multipart/form-data"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          send(false);
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="u-file">统计用区划代码表（.xlsx 或 .csv）</label>
          <input
            id="u-file"
            name="file"
            type="file"
            aria-describedby="u-file-limit"
            required
            disabled={pending}
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(e) => {
              file.current = e.currentTarget.files?.[0] ?? null;
              setLocalError(null);
              setShowResult(false);
            }}
          />
          <span id="u-file-limit" className="text-xs text-slate-500">
            表头：统计用区划代码、名称（必填），城乡分类代码、上级代码（选填）。最大 {sizeText(maxBytes)}，一次最多 {maxRows} 行
          </span>
        </div>
        <button type="submit" className="btn" disabled={pending}>
          {pending && mode === "preview" ? "正在检查…" : "上传并预览"}
        </button>
      </form>

      {localError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {localError}
        </p>
      )}

      {pending && (
        <p role="status" aria-live="polite" className="rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
          {mode === "apply" ? "正在导入，请不要关闭页面…" : "正在上传并逐行检查，请稍候…"}
        </p>
      )}

      {plan && (
        <div className="space-y-3" data-testid="unit-import-plan">
          <p
            role="status"
            className={`rounded px-3 py-2 text-sm font-medium ${plan.applied || plan.noChange ? "bg-green-50 text-green-800" : "bg-amber-50 text-amber-900"}`}
          >
            {plan.applied
              ? `已导入：新建 ${plan.created.length} 个单位，改名 ${plan.renamed.length} 个。`
              : plan.noChange
                ? "没有变化：系统中的单位与文件一致，无需导入。"
                : `预览（尚未导入）：将新建 ${plan.created.length} 个单位，改名 ${plan.renamed.length} 个。请核对后点击“确认导入”。`}
          </p>
          <table>
            <thead>
              <tr>
                <th>级别</th>
                <th>文件中</th>
                <th>新建</th>
                <th>改名</th>
                <th>不变</th>
              </tr>
            </thead>
            <tbody>
              {plan.byLevel.map((c) => (
                <tr key={c.level}>
                  <td>{LEVEL_LABEL[c.level]}</td>
                  <td className="tabular-nums">{c.inFile}</td>
                  <td className="tabular-nums">{c.created}</td>
                  <td className="tabular-nums">{c.renamed}</td>
                  <td className="tabular-nums">{c.unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>

          {plan.created.length > 0 && (
            <details>
              <summary className="cursor-pointer text-sm">
                {plan.applied ? "已新建" : "将新建"}的单位（{plan.created.length} 个）
              </summary>
              <table>
                <thead>
                  <tr>
                    <th>行</th>
                    <th>统计用区划代码</th>
                    <th>名称</th>
                    <th>类型</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.created.slice(0, SHOWN).map((c) => (
                    <tr key={c.code}>
                      <td className="tabular-nums">{c.row}</td>
                      <td className="font-mono">{c.code}</td>
                      <td>{c.name}</td>
                      <td>{KIND_LABEL[c.kind]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {plan.created.length > SHOWN && <p className="text-xs text-slate-500">只列出前 {SHOWN} 个。</p>}
            </details>
          )}

          {plan.renamed.length > 0 && (
            <div>
              <h3 className="text-sm font-medium">
                {plan.applied ? "已改名" : "将改名"}的单位（{plan.renamed.length} 个）
              </h3>
              <table>
                <thead>
                  <tr>
                    <th>行</th>
                    <th>统计用区划代码</th>
                    <th>原名称</th>
                    <th>新名称</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.renamed.map((r) => (
                    <tr key={r.code}>
                      <td className="tabular-nums">{r.row}</td>
                      <td className="font-mono">{r.code}</td>
                      <td>
                        {r.before.name}（{KIND_LABEL[r.before.kind]}）
                      </td>
                      <td>
                        {r.after.name}（{KIND_LABEL[r.after.kind]}）
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {plan.missing.length > 0 && (
            <div data-testid="unit-import-missing">
              <h3 className="text-sm font-medium">文件中没有、系统中仍保留的单位（{plan.missing.length} 个）</h3>
              <p className="text-xs text-slate-500">导入不会删除或停用这些单位。确已撤并的，可在此逐个停用（连同其下级单位）；已有选举数据的单位不能停用。</p>
              <table>
                <thead>
                  <tr>
                    <th>统计用区划代码</th>
                    <th>名称</th>
                    <th>级别</th>
                    <th>操作</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.missing.slice(0, SHOWN).map((m) => (
                    <tr key={m.code}>
                      <td className="font-mono">{m.code}</td>
                      <td>{m.name}</td>
                      <td>{LEVEL_LABEL[m.level]}</td>
                      <td>
                        {m.top && (
                          <ActionForm action={deactivateAction} inline submitLabel="停用" confirm={`确定停用「${m.name}」及其全部下级单位吗？`}>
                            <input type="hidden" name="id" value={m.id} />
                            <input type="hidden" name="version" value={m.version} />
                          </ActionForm>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          {!plan.applied && !plan.noChange && (
            <button type="button" className="btn" disabled={pending} onClick={() => send(true, plan.digest)}>
              确认导入
            </button>
          )}
        </div>
      )}

      {result && !result.ok && (
        <ImportProblems error={result.error} details={result.details} sheetColumn={false} reasonHeader="原因" onlyRows testId="unit-import-errors" />
      )}
    </div>
  );
}
