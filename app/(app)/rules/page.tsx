import { ActionForm } from "@/components/action-form";
import { WOMEN_SEAT_LABEL } from "@/lib/domain/nomination-rules";
import { formatRuleValue, ruleInputKind, ruleValueAt } from "@/lib/domain/rule-form";
import { RULE_KEYS, ruleSource, type RuleValues } from "@/lib/domain/rule-pack";
import { SecondFactorField } from "@/components/second-factor-field";
import { ownSecondFactorStatus } from "@/lib/server/auth/second-factor";
import { requirePermission } from "@/lib/server/auth/actor";
import { getRulesView } from "@/lib/server/nomination/rules";
import { saveRulesAction } from "./actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "规则包" };

const STATUS_LABEL = { LAW: "法律", PROV: "省级法规", MCA: "民政部规程", POLICY: "政策", LOCAL: "地方实践" } as const;

function overrideValue(overrides: Record<string, unknown>, key: string): unknown {
  return key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], overrides);
}

export default async function RulesPage() {
  const actor = await requirePermission("rules.manage");
  const need = await ownSecondFactorStatus(actor);
  const view = await getRulesView(actor);
  const editable = actor.unitLevel === "PROVINCE" || actor.unitLevel === "COUNTY";
  return (
    <div className="space-y-4">
      <div>
        <h1>规则包 · {actor.unitName}</h1>
        <p className="text-sm text-slate-600">
          各省选举办法对差额、公告天数、委托投票等规定不同。国家默认值随系统提供；
          {actor.unitLevel === "COUNTY" ? `本县继承${view.inheritedFrom ? `「${view.inheritedFrom}」规则包` : "国家默认值"}，` : "本省设定的取值由各县继承，"}
          在下表填写即覆盖，留空即继承。已开启的换届使用开启时的取值，可在换届页面重新套用。
        </p>
      </div>
      <ActionForm action={saveRulesAction} submitLabel="保存规则包">
        <input type="hidden" name="unitId" value={actor.unitId} />
        <input type="hidden" name="version" value={view.version} />
        <div className="card overflow-x-auto">
          <table>
            <thead>
              <tr>
                <th>规则</th>
                <th>继承值</th>
                <th>本级覆盖</th>
                <th>生效值</th>
                <th>依据</th>
              </tr>
            </thead>
            <tbody>
              {RULE_KEYS.map((key) => {
                const src = ruleSource(key);
                const kind = ruleInputKind(key);
                const own = overrideValue(view.overrides, key);
                return (
                  <tr key={key}>
                    <td className="font-medium">{src.label}</td>
                    <td>{formatRuleValue(key, ruleValueAt(view.inherited, key))}</td>
                    <td>
                      {!editable ? null : kind === "range" ? (
                        <span className="inline-flex items-center gap-1">
                          <input
                            name={`${key}.min`}
                            aria-label={`${src.label}下限`}
                            className="w-14"
                            defaultValue={(own as { min?: number } | undefined)?.min ?? ""}
                            inputMode="numeric"
                          />
                          –
                          <input
                            name={`${key}.max`}
                            aria-label={`${src.label}上限`}
                            className="w-14"
                            defaultValue={(own as { max?: number } | undefined)?.max ?? ""}
                            inputMode="numeric"
                          />
                        </span>
                      ) : kind === "bool" ? (
                        <select name={key} aria-label={src.label} defaultValue={own === undefined ? "" : String(own)}>
                          <option value="">继承</option>
                          <option value="true">累加</option>
                          <option value="false">不累加</option>
                        </select>
                      ) : kind === "womenSeat" ? (
                        <select name={key} aria-label={src.label} defaultValue={(own as string | undefined) ?? ""}>
                          <option value="">继承</option>
                          {(["atLeastOneMember", "reserved", "none"] as const).map((w) => (
                            <option key={w} value={w}>
                              {WOMEN_SEAT_LABEL[w]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span className="inline-flex items-center gap-1">
                          <input
                            name={key}
                            aria-label={src.label}
                            className="w-20"
                            inputMode="decimal"
                            defaultValue={own === undefined ? "" : kind === "percent" ? String(Math.round((own as number) * 1000) / 10) : String(own)}
                          />
                          {kind === "percent" ? "%" : null}
                        </span>
                      )}
                    </td>
                    <td className="font-medium">{formatRuleValue(key, ruleValueAt(view.effective as RuleValues, key))}</td>
                    <td className="max-w-md text-xs text-slate-600">
                      <div>{src.text}</div>
                      <div className="mt-0.5 text-slate-500">
                        【{STATUS_LABEL[src.status]}】{src.source}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <SecondFactorField need={need} />
      </ActionForm>
    </div>
  );
}
