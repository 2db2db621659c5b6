import Link from "next/link";
import { KIND_LABEL } from "@/lib/domain/units";
import { t } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { listSubtreeUnits } from "@/lib/server/units";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "行政区划" };

export default async function UnitsPage() {
  const actor = await requirePermission("unit.view");
  const units = await listSubtreeUnits(actor);
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <h1>{t.nav.units}</h1>
        <span className="text-sm text-slate-500">共 {units.length} 个单位</span>
      </div>
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
