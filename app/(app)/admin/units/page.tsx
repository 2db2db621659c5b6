import Link from "next/link";
import { UnitImportForm } from "@/components/unit-import-form";
import { can } from "@/lib/domain/permissions";
import { KIND_LABEL } from "@/lib/domain/units";
import { t } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { listSubtreeUnits } from "@/lib/server/units";
import { MAX_UNIT_BYTES, MAX_UNIT_ROWS } from "@/lib/server/units-import";
import { deactivateUnitAction, importUnitsAction } from "../actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "行政区划" };

export default async function UnitsPage() {
  const actor = await requirePermission("unit.view");
  const units = await listSubtreeUnits(actor);
  // The import lands under the administrator's own unit (a village has nothing below it).
  const canImport = can(actor, "unit.manage", { path: actor.unitPath }) && actor.unitLevel !== "VILLAGE";
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <h1>{t.nav.units}</h1>
        <span className="text-sm text-slate-500">共 {units.length} 个单位</span>
      </div>
      {canImport && (
        <section className="card space-y-2" aria-labelledby="unit-import-title">
          <h2 id="unit-import-title">从统计用区划代码表导入</h2>
          <p className="text-sm text-slate-600">
            上传国家统计用区划代码和城乡划分代码表（Excel 或 CSV），导入{actor.unitName}的下级单位：上级单位按代码确定，村/社区按城乡分类代码（1xx 社区、2xx
            村）或名称确定。先预览，确认后一次全部导入；有任何一行有问题都不导入。文件中没有的单位只列出，不删除。
          </p>
          <UnitImportForm action={importUnitsAction} deactivateAction={deactivateUnitAction} maxBytes={MAX_UNIT_BYTES} maxRows={MAX_UNIT_ROWS} />
        </section>
      )}
      <div className="card overflow-x-auto">
        <table>
          <thead>
            <tr>
              <th>名称</th>
              <th>类型</th>
              <th>统计用区划代码</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id} className={u.active ? "" : "text-slate-400"}>
                <td style={{ paddingLeft: `${0.5 + u.depth * 1.25}rem` }}>
                  <Link className="link" href={`/admin/units/${u.id}`}>
                    {u.name}
                  </Link>
                </td>
                <td>{KIND_LABEL[u.kind]}</td>
                <td className="font-mono">{u.code}</td>
                <td>{u.active ? t.common.active : t.common.inactive}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
