import { VerifyAuditButton } from "@/components/verify-audit-button";
import { AUDIT_EVENTS, isAuditEventId } from "@/lib/domain/audit-events";
import { ROLE_LABEL, type Role } from "@/lib/domain/permissions";
import { t } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { listAuditEvents } from "@/lib/server/audit-log";
import { verifyAuditAction } from "../actions";

function summary(v: unknown): string {
  if (!v || typeof v !== "object") return "";
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}=${typeof x === "object" ? JSON.stringify(x) : String(x)}`)
    .join("，");
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
              <th>内容</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td className="font-mono text-xs">{e.id}</td>
                <td className="whitespace-nowrap">{e.occurredAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}</td>
                <td title={e.event}>{isAuditEventId(e.event) ? AUDIT_EVENTS[e.event] : e.event}</td>
                <td className={e.outcome === "SUCCESS" ? "text-green-700" : "text-red-700"}>{e.outcome === "SUCCESS" ? "成功" : "失败"}</td>
                <td>
                  {e.actorUsername ?? "系统"}
                  {e.actorRole ? <span className="text-xs text-slate-500"> {ROLE_LABEL[e.actorRole as Role]}</span> : null}
                </td>
                <td>{e.unitName ?? ""}</td>
                <td className="max-w-md break-all text-xs text-slate-600">
                  {[summary(e.before) && `原：${summary(e.before)}`, summary(e.after) && `新：${summary(e.after)}`, summary(e.detail)].filter(Boolean).join("；")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
