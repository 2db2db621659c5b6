import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { addDays, todayInChina } from "@/lib/domain/days";
import { KIND_LABEL } from "@/lib/domain/units";
import { DUAL_ROLE_LABEL, METHOD_LABEL } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { getSetupView } from "@/lib/server/nomination/setup-view";
import { saveElectionAction } from "../../../actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("选举设置", "unitId");

export default async function SetupPage({ params }: { params: Promise<{ id: string; unitId: string }> }) {
  const actor = await requirePermission("election.setup");
  const { id, unitId } = await params;
  if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(unitId).success) notFound();
  const view = await getSetupView(actor, id, unitId);
  if (!view) notFound();
  const { unit, election, campaign } = view;
  const community = unit.kind === "COMMUNITY";
  const size = community ? campaign.rules.committeeSize.COMMUNITY : campaign.rules.committeeSize.VILLAGE;
  const reserved = campaign.rules.womenSeat === "reserved";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {unit.name}选举设置{" "}
          <span className="text-base font-normal text-slate-500">
            {KIND_LABEL[unit.kind]} · {unit.parent?.name}
          </span>
        </h1>
        <Link className="link text-sm" href={`/campaigns/${campaign.id}`}>
          返回{campaign.name}
        </Link>
        {election && (
          <Link className="link text-sm" href={`/elections/${election.id}`}>
            初步候选人名单
          </Link>
        )}
      </div>
      <section className="card">
        <p className="mb-3 text-sm text-slate-600">
          {community ? "居民委员会" : "村民委员会"}由主任、副主任和委员共 {size.min}–{size.max} 人组成；主任 1 名，副主任不超过 {campaign.rules.deputyMax} 名。
          {reserved ? "本次换届实行妇女委员专职专选，可设 1 名专职妇女委员。" : ""}
        </p>
        <ActionForm action={saveElectionAction} className="max-w-3xl">
          <input type="hidden" name="campaignId" value={campaign.id} />
          <input type="hidden" name="unitId" value={unit.id} />
          <input type="hidden" name="version" value={election?.version ?? 0} />
          <div className="grid gap-3 sm:grid-cols-3">
            <Field
              name="electionDay"
              label="选举日"
              hint={`${campaign.startDate} 至 ${campaign.endDate} 之间；选民名单须在选举日前 ${campaign.rules.voterListPostingDays} 日公布，今天定的选举日最早为 ${addDays(todayInChina(), Math.max(campaign.rules.voterListPostingDays, campaign.rules.candidateListPostingDays))}`}
            >
              <input id="f-electionDay" name="electionDay" type="date" required defaultValue={election?.electionDay} />
            </Field>
            <Field name="method" label="选举方式">
              <select id="f-method" name="method" defaultValue={election?.method ?? "CONTESTED"}>
                {Object.entries(METHOD_LABEL).map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="registeredVoters" label="登记选民数">
              <input id="f-registeredVoters" name="registeredVoters" inputMode="numeric" required defaultValue={election?.registeredVoters} />
            </Field>
            <Field name="seatsDirector" label="主任职数">
              <input id="f-seatsDirector" name="seatsDirector" inputMode="numeric" required defaultValue={election?.seatsDirector ?? 1} />
            </Field>
            <Field name="seatsDeputy" label="副主任职数">
              <input id="f-seatsDeputy" name="seatsDeputy" inputMode="numeric" required defaultValue={election?.seatsDeputy ?? 1} />
            </Field>
            <Field name="seatsMember" label="委员职数">
              <input id="f-seatsMember" name="seatsMember" inputMode="numeric" required defaultValue={election?.seatsMember ?? (community ? 3 : 3)} />
            </Field>
            {reserved ? (
              <Field name="seatsWomenMember" label="专职妇女委员职数">
                <select id="f-seatsWomenMember" name="seatsWomenMember" defaultValue={String(election?.seatsWomenMember ?? 1)}>
                  <option value="1">1</option>
                  <option value="0">0</option>
                </select>
              </Field>
            ) : (
              <input type="hidden" name="seatsWomenMember" value="0" />
            )}
            <Field name="dualRole" label="“一肩挑”安排">
              <select id="f-dualRole" name="dualRole" defaultValue={election?.dualRole ?? "PLANNED"}>
                {Object.entries(DUAL_ROLE_LABEL).map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </ActionForm>
      </section>
    </div>
  );
}
