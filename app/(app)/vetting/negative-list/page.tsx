import { notFound } from "next/navigation";
import { ActionForm, Field } from "@/components/action-form";
import { can } from "@/lib/domain/permissions";
import { SEVERITY_LABEL } from "@/lib/domain/vetting";
import { requireActor } from "@/lib/server/auth/actor";
import { listDepartments } from "@/lib/server/departments";
import { listConditions } from "@/lib/server/vetting/negative-list";
import { createConditionAction, loadDefaultsAction, setConditionRetiredAction, updateConditionAction } from "../actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "负面清单" };

/** The evidence department choices: none, or one of the county's active departments. */
function DepartmentOptions({ departments }: { departments: { id: string; name: string }[] }) {
  return (
    <>
      <option value="">—</option>
      {departments.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </>
  );
}

export default async function NegativeListPage() {
  const actor = await requireActor();
  const own = { path: actor.unitPath };
  const manage = can(actor, "negativeList.manage", own) && actor.unitLevel === "COUNTY";
  if (!manage && !can(actor, "vetting.review", own) && !can(actor, "vetting.view", own)) notFound();
  const [conditions, departments] = await Promise.all([listConditions(actor), manage ? listDepartments(actor) : Promise.resolve([])]);
  const deptOptions = departments.filter((d) => d.active);
  return (
    <div className="space-y-4">
      <div>
        <h1>负面清单</h1>
        <p className="text-sm text-slate-600">
          “不能”为硬性条件（存在即不得确定为候选人，除非出具意见的部门撤回）；“不宜”由县换届办研判决定并写明理由。停用的条件保留在历史记录中，不能再被新意见引用。
        </p>
      </div>
      {manage && conditions.length === 0 && (
        <section className="card">
          <p className="mb-2 text-sm">本县还没有负面清单。可以先载入“十不选”（2020年12月）作为默认清单，再按本县规定修改。</p>
          <ActionForm action={loadDefaultsAction} submitLabel="载入“十不选”默认清单">
            <input type="hidden" name="countyId" value={actor.unitId} />
          </ActionForm>
        </section>
      )}
      <section className="card overflow-x-auto">
        <table>
          <thead>
            <tr>
              <th>代码</th>
              <th>条件</th>
              <th>性质</th>
              <th>追溯期</th>
              <th>证据部门</th>
              <th>依据</th>
              <th>状态</th>
              {manage && <th>操作</th>}
            </tr>
          </thead>
          <tbody>
            {conditions.map((c) =>
              manage && !c.retired ? (
                // One form per condition; the inputs sit in their columns and join it with form={id}.
                <tr key={c.id} className="align-top">
                  <td>
                    <input form={`cond-${c.id}`} name="code" aria-label="代码" defaultValue={c.code} className="w-20 font-mono" />
                  </td>
                  <td className="min-w-64">
                    <textarea form={`cond-${c.id}`} name="text" aria-label="条件" defaultValue={c.text} rows={c.text.length > 36 ? 3 : 2} className="w-full" />
                  </td>
                  <td>
                    <select form={`cond-${c.id}`} name="severity" aria-label="性质" defaultValue={c.severity}>
                      <option value="BAR">{SEVERITY_LABEL.BAR}</option>
                      <option value="CONCERN">{SEVERITY_LABEL.CONCERN}</option>
                    </select>
                  </td>
                  <td>
                    <input
                      form={`cond-${c.id}`}
                      name="lookbackYears"
                      aria-label="追溯期（年）"
                      defaultValue={c.lookbackYears ?? ""}
                      className="w-14"
                      placeholder="年"
                    />
                  </td>
                  <td>
                    <select form={`cond-${c.id}`} name="departmentId" aria-label="证据部门" defaultValue={c.department?.id ?? ""} className="max-w-36">
                      <DepartmentOptions departments={deptOptions} />
                    </select>
                  </td>
                  <td className="min-w-40">
                    <textarea form={`cond-${c.id}`} name="basis" aria-label="依据" defaultValue={c.basis} rows={2} className="w-full text-xs" />
                  </td>
                  <td className="whitespace-nowrap">启用</td>
                  <td>
                    <div className="flex flex-nowrap items-start gap-2">
                      <ActionForm id={`cond-${c.id}`} action={updateConditionAction} inline>
                        <input type="hidden" name="id" value={c.id} />
                        <input type="hidden" name="version" value={c.version} />
                      </ActionForm>
                      <ActionForm action={setConditionRetiredAction} inline submitLabel="停用" confirm={`停用「${c.code}」后不能再被引用，确定吗？`}>
                        <input type="hidden" name="id" value={c.id} />
                        <input type="hidden" name="version" value={c.version} />
                        <input type="hidden" name="retired" value="true" />
                      </ActionForm>
                    </div>
                  </td>
                </tr>
              ) : (
                <tr key={c.id} className={c.retired ? "text-slate-400" : ""}>
                  <td className="font-mono">{c.code}</td>
                  <td className="max-w-md">{c.text}</td>
                  <td className={c.severity === "BAR" ? "text-red-700" : "text-amber-700"}>{SEVERITY_LABEL[c.severity]}</td>
                  <td>{c.lookbackYears ? `${c.lookbackYears} 年` : "—"}</td>
                  <td>{c.department?.name ?? "—"}</td>
                  <td className="text-xs">{c.basis}</td>
                  <td className="whitespace-nowrap">{c.retired ? "已停用" : "启用"}</td>
                  {manage && (
                    <td>
                      {c.retired && (
                        <ActionForm action={setConditionRetiredAction} inline submitLabel="恢复">
                          <input type="hidden" name="id" value={c.id} />
                          <input type="hidden" name="version" value={c.version} />
                          <input type="hidden" name="retired" value="false" />
                        </ActionForm>
                      )}
                    </td>
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </section>
      {manage && (
        <section className="card">
          <h2 className="mb-2">新增条件</h2>
          <ActionForm action={createConditionAction} submitLabel="新增" resetOnSuccess className="max-w-4xl">
            <input type="hidden" name="countyId" value={actor.unitId} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="code" label="代码">
                <input id="f-code" name="code" required className="font-mono" />
              </Field>
              <Field name="severity" label="性质">
                <select id="f-severity" name="severity">
                  <option value="BAR">{SEVERITY_LABEL.BAR}</option>
                  <option value="CONCERN">{SEVERITY_LABEL.CONCERN}</option>
                </select>
              </Field>
              <Field name="lookbackYears" label="追溯期（年，可空）">
                <input id="f-lookbackYears" name="lookbackYears" inputMode="numeric" />
              </Field>
              <Field name="text" label="条件内容">
                <input id="f-text" name="text" required />
              </Field>
              <Field name="departmentId" label="证据部门">
                <select id="f-departmentId" name="departmentId">
                  <DepartmentOptions departments={deptOptions} />
                </select>
              </Field>
              <Field name="basis" label="政策依据">
                <input id="f-basis" name="basis" required />
              </Field>
            </div>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
