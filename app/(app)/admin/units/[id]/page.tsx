import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { can } from "@/lib/domain/permissions";
import { childLevel, KIND_LABEL, KINDS_BY_LEVEL, LEVEL_LABEL } from "@/lib/domain/units";
import { t } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { getUnitDetail } from "@/lib/server/units";
import { createUnitAction, setUnitActiveAction, updateUnitAction } from "../../actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("行政单位", "id");

export default async function UnitPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("unit.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const unit = await getUnitDetail(actor, id);
  if (!unit) notFound();
  const manage = can(actor, "unit.manage", { path: actor.unitPath });
  const next = childLevel(unit.level);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 data-testid="unit-name">{unit.name}</h1>
        <span className="text-sm text-slate-500">
          {KIND_LABEL[unit.kind]} · {LEVEL_LABEL[unit.level]} · <span className="font-mono">{unit.code}</span>
          {!unit.active && ` · ${t.common.inactive}`}
        </span>
        {unit.parent && (
          <Link className="link text-sm" href={`/admin/units/${unit.parent.id}`}>
            上级：{unit.parent.name}
          </Link>
        )}
      </div>

      <section className="card">
        <h2 className="mb-2">下级单位（{unit.children.length}）</h2>
        {unit.children.length === 0 ? (
          <p className="text-sm text-slate-500">{t.common.none}</p>
        ) : (
          <ul className="grid gap-1 sm:grid-cols-2 md:grid-cols-3">
            {unit.children.map((c) => (
              <li key={c.id} className={c.active ? "" : "text-slate-400"}>
                <Link className="link" href={`/admin/units/${c.id}`}>
                  {c.name}
                </Link>{" "}
                <span className="text-xs text-slate-500">
                  {KIND_LABEL[c.kind]} {c.code}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {manage && next && unit.active && (
        <section className="card">
          <h2 className="mb-2">添加下级单位（{LEVEL_LABEL[next]}）</h2>
          <ActionForm action={createUnitAction} submitLabel="添加" resetOnSuccess className="max-w-xl">
            <input type="hidden" name="parentId" value={unit.id} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="name" label="名称">
                <input id="f-name" name="name" required maxLength={100} />
              </Field>
              <Field name="kind" label="类型">
                <select id="f-kind" name="kind">
                  {KINDS_BY_LEVEL[next].map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABEL[k]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="code" label="统计用区划代码" hint={`12 位，以 ${unit.code.replace(/0+$/, "")} 开头`}>
                <input id="f-code" name="code" required inputMode="numeric" pattern="\d{12}" maxLength={12} className="font-mono" />
              </Field>
            </div>
          </ActionForm>
        </section>
      )}

      {manage && !unit.isOwnUnit && (
        <section className="card space-y-4">
          <h2>修改单位信息</h2>
          <ActionForm action={updateUnitAction} className="max-w-xl">
            <input type="hidden" name="id" value={unit.id} />
            <input type="hidden" name="version" value={unit.version} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="name" label="名称">
                <input id="f-name" name="name" defaultValue={unit.name} required maxLength={100} />
              </Field>
              <Field name="kind" label="类型">
                <select id="f-kind" name="kind" defaultValue={unit.kind}>
                  {KINDS_BY_LEVEL[unit.level].map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABEL[k]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="code" label="统计用区划代码">
                <input id="f-code" name="code" defaultValue={unit.code} required pattern="\d{12}" maxLength={12} className="font-mono" />
              </Field>
            </div>
          </ActionForm>
          <ActionForm
            action={setUnitActiveAction}
            submitLabel={unit.active ? "停用该单位" : "启用该单位"}
            confirm={unit.active ? `确定停用「${unit.name}」吗？` : undefined}
          >
            <input type="hidden" name="id" value={unit.id} />
            <input type="hidden" name="version" value={unit.version} />
            <input type="hidden" name="active" value={unit.active ? "false" : "true"} />
          </ActionForm>
        </section>
      )}
    </div>
  );
}
