// The red/yellow/green risk form of one village: a level, or a 0-100 score that decides it, and the
// handling note. Ids carry the village id: the dashboard shows one form per village.
import { RISK_LABEL, RISK_LEVELS, RISK_MEANING, type RiskLevel } from "@/lib/domain/oversight";
import { ActionForm, Field, type FormAction } from "./action-form";

export function RiskForm({
  action,
  campaignId,
  unitId,
  risk,
}: {
  action: FormAction;
  campaignId: string;
  unitId: string;
  risk: { level: RiskLevel; score: number | null; note: string; version: number } | null;
}) {
  const id = (field: string) => `risk-${unitId}-${field}`;
  return (
    <ActionForm action={action} submitLabel="保存风险等级" className="text-sm">
      <input type="hidden" name="campaignId" value={campaignId} />
      <input type="hidden" name="unitId" value={unitId} />
      <input type="hidden" name="version" value={risk?.version ?? 0} />
      <div className="flex flex-wrap items-start gap-3">
        <Field name="level" label="风险等级" id={id("level")}>
          <select id={id("level")} name="level" defaultValue={risk && risk.score === null ? risk.level : ""}>
            <option value="">按评分确定</option>
            {RISK_LEVELS.map((l) => (
              <option key={l} value={l}>
                {RISK_LABEL[l]}（{RISK_MEANING[l]}）
              </option>
            ))}
          </select>
        </Field>
        <Field name="score" label="或填评分（0-100）" id={id("score")} hint="≥80 绿，61-79 黄，≤60 红">
          <input id={id("score")} name="score" type="number" min={0} max={100} step={1} className="w-24" defaultValue={risk?.score ?? ""} />
        </Field>
      </div>
      <Field name="note" label="处置说明" id={id("note")}>
        <textarea id={id("note")} name="note" required maxLength={1000} rows={2} className="w-full min-w-64" defaultValue={risk?.note ?? ""} />
      </Field>
    </ActionForm>
  );
}
