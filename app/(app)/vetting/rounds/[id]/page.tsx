import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/action-form";
import { AutoRefresh } from "@/components/auto-refresh";
import { addDays, daysBetween } from "@/lib/domain/days";
import { POST_LABEL, POSTS } from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { compareByStroke } from "@/lib/domain/stroke-order";
import { ROLLUP_LABEL, type RollUpStatus } from "@/lib/domain/vetting";
import { ROLLUP_STYLE } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { getCampaign } from "@/lib/server/nomination/campaigns";
import { getRoundBoard } from "@/lib/server/vetting/rounds";
import { approveEligibleAction, completeElectionAction } from "../../actions";
import { titleFromParam } from "@/lib/server/page-titles";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { readCampaignRules } from "@/lib/domain/stored-json";

export const generateMetadata = titleFromParam("联审轮次", "id");

const CELL: Record<string, { label: string; className: string }> = {
  NO_OBJECTION: { label: "✓", className: "bg-green-100 text-green-800" },
  NOT_APPLICABLE: { label: "—", className: "bg-slate-50 text-slate-500" },
  BAR: { label: "不能", className: "bg-red-600 text-white" },
  CONCERN: { label: "不宜", className: "bg-amber-300 text-amber-950" },
  VERIFY: { label: "核实", className: "bg-blue-200 text-blue-900" },
};

const shortName = (name: string) => name.replace(/^县(委)?/, "").replace(/(人民)?/, "");

export default async function RoundBoardPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ status?: string; township?: string }>;
}) {
  const actor = await requirePermission("vetting.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const board = await getRoundBoard(actor, id);
  if (!board) notFound();
  const { status, township } = await searchParams;
  const campaign = await getCampaign(actor, board.round.campaignId);
  const postingDays = campaign ? readCampaignRules(campaign.rules).candidateListPostingDays : DEFAULT_RULES.candidateListPostingDays;
  const run = can(actor, "vetting.run", { path: actor.unitPath });
  const postOrder = (p: string) => POSTS.indexOf(p as (typeof POSTS)[number]);
  const all = [...board.rows].sort(
    (a, b) =>
      a.township.localeCompare(b.township, "zh") ||
      a.village.localeCompare(b.village, "zh") ||
      postOrder(a.post) - postOrder(b.post) ||
      compareByStroke(a.name, b.name),
  );
  const counts = new Map<RollUpStatus, number>();
  for (const r of all) counts.set(r.rollUp.status, (counts.get(r.rollUp.status) ?? 0) + 1);
  const rows = all.filter((r) => (!status || r.rollUp.status === status) && (!township || r.township === township));
  const townships = [...new Set(all.map((r) => r.township))];
  const roundStart = new Date(board.round.createdAt).getTime();
  const deptStats = board.departments.map((d) => {
    const answered = all.filter((r) => r.opinions[d.id]);
    const hours = answered.map((r) => (new Date(r.opinions[d.id]!.createdAt).getTime() - roundStart) / 3_600_000);
    return {
      ...d,
      answered: answered.length,
      missing: all.length - answered.length,
      avgHours: hours.length ? hours.reduce((a, b) => a + b, 0) / hours.length : null,
    };
  });
  const eligibleUndecided = all.filter((r) => r.rollUp.status === "ELIGIBLE" && !r.decision);
  const villages = [...new Map(all.map((r) => [r.electionId, r])).values()].map((r) => {
    const members = all.filter((x) => x.electionId === r.electionId);
    const deadline = addDays(r.electionDay, -postingDays);
    return {
      electionId: r.electionId,
      name: r.village,
      township: r.township,
      listStatus: r.listStatus,
      decided: members.filter((m) => m.decision).length,
      total: members.length,
      deadline,
      daysLeft: daysBetween(board.today, deadline),
    };
  });
  const overdue = board.round.deadline < board.today;
  return (
    <div className="space-y-4">
      <AutoRefresh seconds={20} />
      <div className="flex flex-wrap items-center gap-3">
        <h1>{board.round.name}</h1>
        {board.round.status !== "OPEN" && (
          <span className="rounded bg-slate-200 px-2 py-0.5 text-sm" data-testid="round-status">
            已结束
          </span>
        )}
        <span className={overdue ? "text-sm text-red-700" : "text-sm text-slate-600"}>
          {all.length} 名候选人 × {board.departments.length} 个部门 · 答复截止 {board.round.deadline}
          {overdue ? "（已逾期）" : ""}
        </span>
        <Link className="link ml-auto text-sm" href="/vetting">
          返回资格联审
        </Link>
      </div>

      <section className="card flex flex-wrap gap-2 text-sm" aria-label="按状态筛选">
        <Link
          className={!status ? "rounded bg-slate-800 px-2 py-0.5 text-white" : "rounded border px-2 py-0.5"}
          href={`?${township ? `township=${encodeURIComponent(township)}` : ""}`}
        >
          全部 {all.length}
        </Link>
        {(Object.keys(ROLLUP_LABEL) as RollUpStatus[]).map((s) => (
          <Link
            key={s}
            className={`rounded px-2 py-0.5 ${ROLLUP_STYLE[s]} ${status === s ? "ring-2 ring-slate-800" : ""}`}
            href={`?status=${s}${township ? `&township=${encodeURIComponent(township)}` : ""}`}
          >
            {ROLLUP_LABEL[s]} {counts.get(s) ?? 0}
          </Link>
        ))}
        <span className="ml-4 text-slate-500">乡镇：</span>
        {townships.map((t) => (
          <Link key={t} className={township === t ? "font-medium" : "link"} href={`?township=${encodeURIComponent(t)}${status ? `&status=${status}` : ""}`}>
            {t}
          </Link>
        ))}
      </section>

      {run && eligibleUndecided.length > 0 && (
        <section className="card">
          <ActionForm
            action={approveEligibleAction}
            submitLabel={`通过全部“符合条件”的 ${eligibleUndecided.length} 名候选人`}
            confirm={`各部门均无异议的 ${eligibleUndecided.length} 名候选人将被确定为通过，确定吗？`}
          >
            <input type="hidden" name="roundId" value={board.round.id} />
            {eligibleUndecided.map((r) => (
              <input key={r.entryId} type="hidden" name="entryIds" value={r.entryId} />
            ))}
          </ActionForm>
        </section>
      )}

      <section className="card overflow-x-auto">
        <table className="text-xs" data-testid="matrix">
          <thead>
            <tr>
              <th>候选人</th>
              <th>村(社区)</th>
              <th>职位</th>
              {board.departments.map((d) => (
                <th key={d.id} className="whitespace-nowrap px-1 text-center" title={d.name}>
                  {shortName(d.name)}
                </th>
              ))}
              <th>汇总</th>
              <th>决定</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.entryId}>
                <td className="whitespace-nowrap">
                  <Link className="link" href={`/vetting/rounds/${board.round.id}/entries/${r.entryId}`}>
                    {r.name}
                  </Link>
                  {r.complaints.length > 0 && (
                    <span
                      className="ml-1 rounded bg-red-100 px-1 text-xs text-red-800"
                      title={`信访举报查实：${r.complaints.map((c) => c.label).join("；")}`}
                      data-testid="complaint-flag"
                    >
                      信访查实{r.complaints.length > 1 ? ` ${r.complaints.length}` : ""}
                    </span>
                  )}
                </td>
                <td className="whitespace-nowrap">{r.village}</td>
                <td className="whitespace-nowrap">{POST_LABEL[r.post]}</td>
                {board.departments.map((d) => {
                  const o = r.opinions[d.id];
                  const late = o?.kind === "VERIFY" && o.dueDate && o.dueDate < board.today;
                  const cell = o ? CELL[o.kind]! : { label: overdue ? "逾期" : "", className: overdue ? "bg-red-50 text-red-700" : "bg-white" };
                  return (
                    <td
                      key={d.id}
                      className={`px-1 text-center ${cell.className} ${late ? "ring-2 ring-inset ring-red-600" : ""}`}
                      title={o ? `${d.name}：${o.finding || cell.label}` : `${d.name}：未答复`}
                    >
                      {cell.label}
                    </td>
                  );
                })}
                <td className="whitespace-nowrap">
                  <span className={`rounded px-1.5 py-0.5 ${ROLLUP_STYLE[r.rollUp.status]}`}>{ROLLUP_LABEL[r.rollUp.status]}</span>
                </td>
                <td className="whitespace-nowrap">
                  {r.decision === "APPROVED" ? "通过" : r.decision === "REJECTED" ? "不通过" : "—"}
                  {r.carry === "ALL" && r.decision && r.decidedAt && r.decidedAt < board.round.createdAt ? "（沿用前轮）" : ""}
                  {r.carry === "FINDINGS" && <span className="ml-1 text-slate-500">（重新审查）</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card overflow-x-auto">
        <h2 className="mb-2">各部门答复情况</h2>
        <table>
          <thead>
            <tr>
              <th>部门</th>
              <th>已答复</th>
              <th>未答复</th>
              <th>平均用时（小时）</th>
            </tr>
          </thead>
          <tbody>
            {deptStats.map((d) => (
              <tr key={d.id} className={d.missing > 0 && overdue ? "text-red-700" : ""}>
                <td>{d.name}</td>
                <td>{d.answered}</td>
                <td>{d.missing}</td>
                <td>{d.avgHours === null ? "—" : d.avgHours.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card overflow-x-auto">
        <h2 className="mb-2">各村(社区)：确定正式候选人</h2>
        <table data-testid="villages">
          <thead>
            <tr>
              <th>乡镇(街道)</th>
              <th>村(社区)</th>
              <th>已决定</th>
              <th>正式候选人公布截止</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {villages.map((v) => (
              <tr key={v.electionId}>
                <td>{v.township}</td>
                <td>
                  <Link className="link" href={`/elections/${v.electionId}`}>
                    {v.name}
                  </Link>
                </td>
                <td>
                  {v.decided}/{v.total}
                </td>
                <td className={v.listStatus === "IN_VETTING" && v.daysLeft <= 2 ? "font-medium text-red-700" : ""}>
                  {v.deadline}
                  {v.listStatus === "IN_VETTING" &&
                    (v.daysLeft < 0 ? "（已过期）" : v.daysLeft <= 2 ? `（仅剩 ${v.daysLeft} 天，有逾期风险）` : `（还有 ${v.daysLeft} 天）`)}
                </td>
                <td>
                  {board.round.status !== "OPEN" && v.listStatus === "IN_VETTING" ? (
                    "已转入后一轮联审"
                  ) : v.listStatus !== "IN_VETTING" ? (
                    v.listStatus === "FORMAL" ? (
                      "正式候选人已公布"
                    ) : (
                      "已退回乡镇"
                    )
                  ) : run && v.decided === v.total ? (
                    <ActionForm action={completeElectionAction} inline submitLabel="完成联审，确定正式候选人">
                      <input type="hidden" name="electionId" value={v.electionId} />
                      {/* Only needed when a post has more approved candidates than places: never cut silently. */}
                      <details className="text-xs">
                        <summary className="cursor-pointer text-slate-600">通过人数超过正式候选人名额时：减少方式</summary>
                        <label className="mt-1 flex items-center gap-1">
                          减少方式
                          <select name="reduction" defaultValue="">
                            <option value="">（未超过名额，无需选择）</option>
                            <option value="NOMINATION_VOTES">按提名得票排序</option>
                            <option value="PRESELECTION">按预选结果（录入预选得票）</option>
                          </select>
                        </label>
                        <table className="mt-1">
                          <thead>
                            <tr>
                              <th>候选人</th>
                              <th>职位</th>
                              <th>提名得票</th>
                              <th>预选得票</th>
                              <th>得票相同时列入</th>
                            </tr>
                          </thead>
                          <tbody>
                            {all
                              .filter((m) => m.electionId === v.electionId && m.decision === "APPROVED")
                              .map((m) => (
                                <tr key={m.candidateId}>
                                  <td>{m.name}</td>
                                  <td>{POST_LABEL[m.post]}</td>
                                  <td>{m.nominationVotes ?? "未录入"}</td>
                                  <td>
                                    <input type="hidden" name="preselectionIds" value={m.candidateId} />
                                    <input name="preselectionVotes" inputMode="numeric" className="w-20" aria-label={`${m.name}的预选得票`} />
                                  </td>
                                  <td>
                                    <input type="checkbox" name="tieWinners" value={m.candidateId} aria-label={`得票相同时列入${m.name}`} />
                                  </td>
                                </tr>
                              ))}
                          </tbody>
                        </table>
                      </details>
                    </ActionForm>
                  ) : (
                    "待全部决定"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
