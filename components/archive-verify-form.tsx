"use client";
// Upload of an archive package for checking: the server unzips it, compares every file with the
// manifests and each manifest with its sealed digest; nothing is stored. Shows what differs, that
// all matches, or that the package is consistent but could not be compared with a seal.
import { startTransition, useActionState, useState } from "react";
import { catchRefusal } from "./action-refusal";

export type VerifyState =
  | { status: "intact" | "unconfirmed" | "problems"; fileName: string; lines: string[]; problems: { path: string; kind: string; text: string }[] }
  | { status: "unreadable" | "error"; fileName: string; message: string }
  | null;
export type VerifyAction = (prev: VerifyState, formData: FormData) => Promise<VerifyState>;

const KIND_LABEL: Record<string, string> = { altered: "已被改动", missing: "缺少", extra: "多出", unreadable: "无法校验", seal: "与封存记录不符" };
const fileNameOf = (data: FormData) => {
  const f = data.get("file");
  return f instanceof File ? f.name : "";
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function ArchiveVerifyForm({ action, maxBytes }: { action: VerifyAction; maxBytes: number }) {
  const [state, formAction, pending] = useActionState(
    catchRefusal(action, (message, _prev, formData): VerifyState => ({ status: "error", fileName: fileNameOf(formData), message })),
    null,
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const [show, setShow] = useState(false);
  const result = show && !pending ? state : null;
  return (
    <div className="space-y-3">
      <form
        method="post"
        encType="multipart/form-data"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const file = data.get("file");
          if (!(file instanceof File) || file.size === 0) return setLocalError("请先选择档案包（.zip）");
          if (file.size > maxBytes) {
            return setLocalError(
              `文件有 ${mb(file.size)}，网页校验最大 ${mb(maxBytes)}。请在系统目录中用命令校验：npm run --silent archive:verify -- 档案包.zip`,
            );
          }
          setLocalError(null);
          setShow(true);
          startTransition(() => formAction(data));
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="archive-file">档案包（.zip）</label>
          <input
            id="archive-file"
            name="file"
            type="file"
            accept=".zip,application/zip"
            required
            disabled={pending}
            onChange={() => {
              setShow(false);
              setLocalError(null);
            }}
          />
        </div>
        <button type="submit" className="btn" disabled={pending}>
          {pending ? "正在校验…" : "校验"}
        </button>
      </form>
      {localError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {localError}
        </p>
      )}
      {result?.status === "intact" && (
        <div role="status" className="space-y-1 rounded bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="verify-intact">
          <p className="font-medium">
            {result.fileName}：{result.lines[0]}
          </p>
          {result.lines.slice(1).map((l) => (
            <p key={l} className="break-all">
              {l}
            </p>
          ))}
        </div>
      )}
      {result?.status === "unconfirmed" && (
        <div role="status" className="space-y-1 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="verify-unconfirmed">
          <p className="font-medium">
            {result.fileName}：{result.lines[0]}
          </p>
          {result.lines.slice(1).map((l) => (
            <p key={l} className="break-all">
              {l}
            </p>
          ))}
        </div>
      )}
      {result?.status === "problems" && (
        <div className="space-y-2" data-testid="verify-problems">
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
            {result.fileName}：{result.lines.at(-1)}
          </p>
          <table>
            <thead>
              <tr>
                <th>问题</th>
                <th>文件</th>
                <th>说明</th>
              </tr>
            </thead>
            <tbody>
              {result.problems.map((p) => (
                <tr key={`${p.kind}-${p.path}`}>
                  <td className="whitespace-nowrap">{KIND_LABEL[p.kind] ?? p.kind}</td>
                  <td className="font-mono break-all">{p.path}</td>
                  <td className="break-all text-xs">{p.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(result?.status === "unreadable" || result?.status === "error") && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {result.fileName ? `${result.fileName}：` : ""}
          {result.message}
        </p>
      )}
    </div>
  );
}
