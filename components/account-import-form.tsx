"use client";
// Upload of the account template; then either every problem by row and column (nothing saved) or the new
// accounts with their one-time initial passwords. The passwords live only in this component's state: the
// page never stores or shows them again, so the hand-out sheets per township are printed from here.
import { startTransition, useActionState, useEffect, useState } from "react";
import { groupByTownship, type IssuedAccount } from "@/lib/domain/account-handout";
import { ROLE_LABEL } from "@/lib/domain/permissions";
import { chosenFileProblem, sizeText, uploadLimitText } from "@/lib/domain/spreadsheet-import";
import { catchRefusal } from "./action-refusal";
import { ImportProblems, type ImportProblem } from "./import-problems";
import { SecondFactorField, type SecondFactorNeed } from "./second-factor-field";

export type AccountImportState = { ok: true; created: number; accounts: IssuedAccount[] } | { ok: false; error: string; details: ImportProblem[] } | null;
export type AccountImportAction = (prev: AccountImportState, formData: FormData) => Promise<AccountImportState>;

export const HANDOUT_INSTRUCTION = "首次登录后须修改密码";

export function AccountImportForm({
  action,
  maxBytes,
  maxRows,
  need,
  issuer,
}: {
  action: AccountImportAction;
  maxBytes: number;
  maxRows: number;
  need: SecondFactorNeed;
  issuer: string;
}) {
  const [state, formAction, pending] = useActionState(
    catchRefusal(action, (error): AccountImportState => ({ ok: false, error, details: [] })),
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
        className="flex flex-wrap items-end gap-3 no-print"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const chosen = data.get("file");
          const problem = chosenFileProblem(chosen instanceof File ? chosen : null, maxBytes, "请按乡镇分成几个文件导入");
          if (problem) return setLocalError(problem);
          if (state?.ok && showResult && !window.confirm("上一批账号的初始密码将不再显示。确定已打印或抄录，继续导入？")) return;
          setLocalError(null);
          setShowResult(true);
          startTransition(() => formAction(data));
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="f-account-file">填好的账号文件（.xlsx）</label>
          <input
            id="f-account-file"
            name="file"
            type="file"
            aria-describedby="f-account-file-limit"
            required
            disabled={pending}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setFile(f ? { name: f.name, size: f.size } : null);
              setLocalError(null);
            }}
          />
          <span id="f-account-file-limit" className="text-xs text-slate-500">
            {uploadLimitText(maxBytes, maxRows)}
          </span>
        </div>
        <SecondFactorField need={need} id="f-otp-import" />
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
      {result && !result.ok && <ImportProblems error={result.error} details={result.details} />}
      {result?.ok && <IssuedAccounts accounts={result.accounts} issuer={issuer} />}
    </div>
  );
}

/** The new accounts on screen, and the hand-out sheets (one per township) that only the print shows. */
function IssuedAccounts({ accounts, issuer }: { accounts: IssuedAccount[]; issuer: string }) {
  const groups = groupByTownship(accounts);
  // The townships to print; null when not printing. Printing waits for the sheets to render.
  const [printing, setPrinting] = useState<string[] | null>(null);
  useEffect(() => {
    if (!printing) return;
    document.body.classList.add("printing-handout");
    const done = () => {
      document.body.classList.remove("printing-handout");
      setPrinting(null);
    };
    window.addEventListener("afterprint", done, { once: true });
    window.print();
    return () => {
      window.removeEventListener("afterprint", done);
      document.body.classList.remove("printing-handout");
    };
  }, [printing]);

  return (
    <div className="space-y-3" data-testid="issued-accounts">
      <div role="status" className="rounded bg-green-50 px-3 py-2 text-sm text-green-800">
        <p className="font-medium">已导入 {accounts.length} 个账号。</p>
        <p>
          <b>初始密码只显示这一次</b>：离开或刷新本页后无法再查看，系统也不保存明文。请现在按乡镇打印发放单（或抄录），当面交给本人；{HANDOUT_INSTRUCTION}
          。遗失时在用户详情页重置密码。
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2 no-print">
        <button type="button" className="btn" onClick={() => setPrinting(groups.map((g) => g.township))}>
          打印全部发放单（每个乡镇一页）
        </button>
        {groups.map((g) => (
          <button key={g.township} type="button" className="btn-secondary" onClick={() => setPrinting([g.township])}>
            打印 {g.township}（{g.accounts.length}）
          </button>
        ))}
      </div>
      <div className="overflow-x-auto rounded border border-slate-200 no-print">
        <table>
          <thead>
            <tr>
              <th>乡镇(街道)</th>
              <th>用户名</th>
              <th>姓名</th>
              <th>角色</th>
              <th>单位</th>
              <th>初始密码</th>
            </tr>
          </thead>
          <tbody>
            {groups.flatMap((g) =>
              g.accounts.map((a) => (
                <tr key={a.username}>
                  <td>{g.township}</td>
                  <td className="font-mono">{a.username}</td>
                  <td>{a.displayName}</td>
                  <td>{ROLE_LABEL[a.role]}</td>
                  <td>{a.unitName}</td>
                  <td className="font-mono tracking-wider" data-testid="initial-password">
                    {a.password}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      {printing && (
        <div className="handout" aria-hidden="true">
          {groups
            .filter((g) => printing.includes(g.township))
            .map((g) => (
              <section key={g.township} className="handout-sheet">
                <h2 className="mb-1 text-center text-lg font-bold">村(居)民委员会换届选举管理系统 · 账号发放单</h2>
                <p className="mb-2 text-center text-sm">
                  {issuer} · {g.township} · 共 {g.accounts.length} 个账号
                </p>
                <p className="mb-2 text-sm font-bold">{HANDOUT_INSTRUCTION}。初始密码只能使用一次，请妥善保管，不要转交他人；领取后请签名。</p>
                <table className="w-full border-collapse text-sm">
                  <thead>
                    <tr>
                      <th className="border border-black px-1">单位</th>
                      <th className="border border-black px-1">姓名</th>
                      <th className="border border-black px-1">用户名</th>
                      <th className="border border-black px-1">初始密码</th>
                      <th className="border border-black px-1">领取人签名</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.accounts.map((a) => (
                      <tr key={a.username}>
                        <td className="border border-black px-1">{a.unitName}</td>
                        <td className="border border-black px-1">{a.displayName}</td>
                        <td className="border border-black px-1 font-mono">{a.username}</td>
                        <td className="border border-black px-1 font-mono text-base tracking-wider">{a.password}</td>
                        <td className="w-28 border border-black px-1" />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ))}
        </div>
      )}
    </div>
  );
}
