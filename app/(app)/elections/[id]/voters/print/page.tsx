import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PrintButton } from "@/components/print-button";
import { chineseDay, todayInChina } from "@/lib/domain/days";
import { ageOn } from "@/lib/domain/nomination-rules";
import { GENDER_LABEL } from "@/lib/domain/people";
import { VOTER_CATEGORY_SHORT } from "@/lib/domain/voter-roll";
import { requirePermission } from "@/lib/server/auth/actor";
import { titleFromParam } from "@/lib/server/page-titles";
import { findElectionRoll, getVoterChanges, getVoterRollForPrint } from "@/lib/server/voters/read";
import type { VoterSnapshot } from "@/lib/server/voters/roll-context";

export const generateMetadata = titleFromParam("选民名单", "id");

/**
 * The printed 选民名单 for the notice board: per 村民小组, names in 姓氏笔画 order, with the posting day
 * and how to object; no ID numbers. `?part=changes` prints the 选民名单变更公告 (changes after posting).
 */
export default async function VoterListPrintPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ part?: string }> }) {
  const actor = await requirePermission("voter.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const entry = await findElectionRoll(actor, id);
  if (!entry?.roll) notFound();
  const roll = await getVoterRollForPrint(actor, entry.roll.id);
  if (!roll) notFound();
  const { part } = await searchParams;
  const body = roll.unit.kind === "COMMUNITY" ? "居民" : "村民";
  const day = roll.electionDay ?? todayInChina();
  const draft = roll.status !== "POSTED";

  const toolbar = (
    <div className="no-print mb-4 flex items-center justify-end gap-3">
      {draft && <span className="text-sm text-amber-800">名单尚未登记张榜公布：打印件带“草稿”字样，公布日期留空待填。</span>}
      <Link className="btn-secondary" href={`/elections/${id}/voters`}>
        返回选民名册
      </Link>
      <PrintButton />
    </div>
  );

  if (part === "changes") {
    const changes = ((await getVoterChanges(actor, roll.id, { afterPostingOnly: true })) ?? []).slice().reverse();
    const line = (s: VoterSnapshot | null) => (s ? `${s.name}（${s.group}，${GENDER_LABEL[s.gender]}，${s.birthDate.slice(0, 4)}年生）` : "");
    return (
      <div className="mx-auto max-w-[210mm]">
        {toolbar}
        <article className="paper space-y-4 text-[15px] leading-7" data-testid="change-notice-print">
          <h1 className="text-center text-2xl font-bold tracking-widest">
            {roll.unit.name}
            <br />
            选民名单变更公告
          </h1>
          <p className="indent-8">
            {roll.unit.name}
            {roll.campaign.name}选民名单于 {roll.postedOn ? chineseDay(roll.postedOn) : "____年__月__日"} 公布。公布后，经申诉处理或更正，选民名单变更如下：
          </p>
          {changes.length === 0 ? (
            <p className="text-center">公布后选民名单没有变更。</p>
          ) : (
            <table className="w-full">
              <thead>
                <tr>
                  <th className="whitespace-nowrap">序号</th>
                  <th className="whitespace-nowrap">变更</th>
                  <th>选民</th>
                  <th>变更内容</th>
                  <th>原因</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c, i) => (
                  <tr key={c.id}>
                    <td className="whitespace-nowrap">{i + 1}</td>
                    <td className="whitespace-nowrap">{c.kindLabel}</td>
                    <td>{line(c.after ?? c.before)}</td>
                    <td>
                      {c.kind === "CHANGE" && c.before && c.after
                        ? [
                            c.before.name !== c.after.name ? `姓名 ${c.before.name} → ${c.after.name}` : "",
                            c.before.group !== c.after.group ? `村民小组 ${c.before.group} → ${c.after.group}` : "",
                            c.before.category !== c.after.category
                              ? `登记类别 ${VOTER_CATEGORY_SHORT[c.before.category]} → ${VOTER_CATEGORY_SHORT[c.after.category]}`
                              : "",
                          ]
                            .filter(Boolean)
                            .join("；")
                        : c.kind === "ADD"
                          ? "列入选民名单"
                          : "从选民名单中删除"}
                    </td>
                    <td>{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="pt-8 text-right">
            {roll.unit.name}
            {body}选举委员会
            <br />
            {chineseDay(todayInChina())}
          </p>
        </article>
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-[210mm]">
      {toolbar}
      <article className="paper relative space-y-4 text-[15px] leading-7" data-testid="voter-list-print">
        {draft && (
          <div className="draft-watermark" aria-hidden="true">
            草稿
          </div>
        )}
        <h1 className="text-center text-2xl font-bold tracking-widest">
          {roll.unit.name}
          <br />
          {body}委员会换届选举选民名单
        </h1>
        <p className="indent-8">
          根据《中华人民共和国{roll.unit.kind === "COMMUNITY" ? "城市居民委员会" : "村民委员会"}组织法》和本{roll.unit.kind === "COMMUNITY" ? "社区" : "村"}
          选举办法，经登记，
          {roll.unit.name}本届选民共 <b>{roll.total}</b> 人，现按{body}小组、姓氏笔画排序公布如下。选举日：
          {roll.electionDay ? chineseDay(roll.electionDay) : "另行公告"}。
        </p>
        {roll.groups.map((g) => (
          <section key={g.group} data-testid="print-group">
            <h2 className="break-after-avoid font-bold">
              {g.group}（{g.voters.length} 人）
            </h2>
            <table className="mt-1 w-full">
              <thead>
                <tr>
                  <th className="w-16">序号</th>
                  <th>姓名</th>
                  <th>性别</th>
                  <th>年龄</th>
                </tr>
              </thead>
              <tbody>
                {g.voters.map((v, i) => (
                  <tr key={v.id} data-testid="print-voter">
                    <td>{i + 1}</td>
                    <td>{v.name}</td>
                    <td>{GENDER_LABEL[v.gender]}</td>
                    <td>{ageOn(v.birthDate, day)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        <p className="indent-8" data-testid="objection-instructions">
          对名单有不同意见的，可在名单公布之日起 {roll.rules.voterObjectionDays} 日内向{body}选举委员会提出申诉
          {roll.objectionDeadline ? `（${chineseDay(roll.objectionDeadline)}前）` : ""}，{body}选举委员会应在收到申诉之日起{" "}
          {roll.rules.voterObjectionDecisionDays} 日内作出处理决定。年龄计算至选举日。
        </p>
        <p className="pt-8 text-right">
          {roll.unit.name}
          {body}选举委员会
          <br />
          <span data-testid="posted-on">{roll.postedOn ? chineseDay(roll.postedOn) : "____年__月__日"}</span> 公布
        </p>
      </article>
    </div>
  );
}
