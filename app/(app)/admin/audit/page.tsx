import { VerifyAuditButton } from "@/components/verify-audit-button";
import type { AuditLine } from "@/lib/domain/audit-display";
import { ROLE_LABEL, type Role } from "@/lib/domain/permissions";
import { t } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { listAuditEvents } from "@/lib/server/audit-log";
import { verifyAuditAction } from "../actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "审计日志" };

function Lines({ title, lines }: { title?: string; lines: AuditLine[] }) {
  if (lines.length === 0) return null;
  return (
    <div>
      {title ? <span className="text-slate-500">{title}：</span> : null}
      {lines.map((l, i) => (
        <span key={i}>
          {i > 0 ? "，" : ""}
          <span className="text-slate-500">{l.label}</span> {l.value}
        </span>
      ))}
    </div>
  );
}

export default async function AuditPage() {
  const actor = await requirePermission("audit.view");
  const events = await listAuditEvents(actor);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>{t.nav.audit}</h1>
        <span className="text-sm text-slate-500">最近 {events.length} 条（管辖范围内）</span>
      </div>
      <VerifyAuditButton verify={verifyAuditAction} />
      <div className="card overflow-x-auto">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>时间</th>
              <th>事件</th>
              <th>结果</th>
              <th>操作人</th>
              <th>单位</th>
              <th>对象</th>
              <th>内容</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td className="font-mono text-xs">{e.id}</td>
                <td className="whitespace-nowrap">{e.occurredAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}</td>
                <td title={e.event}>{e.display.event}</td>
                <td className={e.outcome === "SUCCESS" ? "whitespace-nowrap text-green-700" : "whitespace-nowrap text-red-700"}>
                  {e.outcome === "SUCCESS" ? "成功" : "失败"}
                </td>
                <td>
                  {e.actorName ?? e.actorUsername ?? "系统"}
                  {e.actorName && e.actorUsername ? <span className="font-mono text-xs text-slate-500"> {e.actorUsername}</span> : null}
                  {e.actorRole ? <span className="text-xs text-slate-500"> {ROLE_LABEL[e.actorRole as Role]}</span> : null}
                </td>
                <td>{e.unitName ?? ""}</td>
                <td className="text-xs">{e.display.object ?? ""}</td>
                <td className="max-w-md break-all text-xs text-slate-700">
                  <Lines title="原" lines={e.display.before} />
                  <Lines title="新" lines={e.display.after} />
                  <Lines lines={e.display.detail} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
