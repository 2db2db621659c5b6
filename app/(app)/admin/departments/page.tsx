import { ActionForm, Field } from "@/components/action-form";
import { can } from "@/lib/domain/permissions";
import { t } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { listDepartments } from "@/lib/server/departments";
import { listCountiesInScope } from "@/lib/server/units";
import { createDepartmentAction, setDepartmentActiveAction, updateDepartmentAction } from "../actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "联审部门" };

export default async function DepartmentsPage() {
  const actor = await requirePermission("department.view");
  const [departments, counties] = await Promise.all([listDepartments(actor), listCountiesInScope(actor)]);
  const manage = can(actor, "department.manage", { path: actor.unitPath });
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <h1>{t.nav.departments}</h1>
        <span className="text-sm text-slate-500">资格联审时，各部门同时审查每一名候选人</span>
      </div>
      <div className="card overflow-x-auto">
        <table>
          <thead>
            <tr>
              {counties.length > 1 && <th>所属县</th>}
              <th>排序</th>
              <th>部门名称</th>
              <th>审查职责</th>
              <th>审核员</th>
              <th>状态</th>
              {manage && <th>{t.common.actions}</th>}
            </tr>
          </thead>
          <tbody>
            {departments.map((d) => (
              <tr key={d.id} className={d.active ? "" : "text-slate-400"}>
                {counties.length > 1 && <td>{d.county.name}</td>}
                {manage ? (
                  <td colSpan={3}>
                    <ActionForm action={updateDepartmentAction} inline submitLabel={t.common.save}>
                      <input type="hidden" name="id" value={d.id} />
                      <input type="hidden" name="version" value={d.version} />
                      <input name="sortOrder" aria-label="排序" defaultValue={d.sortOrder} className="w-14" inputMode="numeric" />
                      <input name="name" aria-label="部门名称" defaultValue={d.name} className="w-36" required />
                      <input name="duty" aria-label="审查职责" defaultValue={d.duty} className="w-72" />
                    </ActionForm>
                  </td>
                ) : (
                  <>
                    <td>{d.sortOrder}</td>
                    <td>{d.name}</td>
                    <td className="text-slate-600">{d.duty}</td>
                  </>
                )}
                <td>{d._count.users}</td>
                <td>{d.active ? t.common.active : t.common.inactive}</td>
                {manage && (
                  <td>
                    <ActionForm action={setDepartmentActiveAction} inline submitLabel={d.active ? t.common.disable : t.common.enable}>
                      <input type="hidden" name="id" value={d.id} />
                      <input type="hidden" name="version" value={d.version} />
                      <input type="hidden" name="active" value={d.active ? "false" : "true"} />
                    </ActionForm>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {manage && counties.length > 0 && (
        <section className="card">
          <h2 className="mb-2">添加联审部门</h2>
          <ActionForm action={createDepartmentAction} submitLabel="添加" resetOnSuccess className="max-w-3xl">
            <div className="grid gap-3 sm:grid-cols-4">
              <Field name="countyId" label="所属县">
                <select id="f-countyId" name="countyId">
                  {counties.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="name" label="部门名称">
                <input id="f-name" name="name" required maxLength={100} />
              </Field>
              <Field name="duty" label="审查职责">
                <input id="f-duty" name="duty" maxLength={500} />
              </Field>
              <Field name="sortOrder" label="排序">
                <input id="f-sortOrder" name="sortOrder" defaultValue={departments.length + 1} inputMode="numeric" />
              </Field>
            </div>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
