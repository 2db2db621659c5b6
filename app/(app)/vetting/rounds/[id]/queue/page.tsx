import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/action-form";
import { GENDER_LABEL, POST_LABEL } from "@/lib/domain/people";
import { compareByStroke } from "@/lib/domain/stroke-order";
import { OPINION_LABEL } from "@/lib/domain/vetting";
import { requirePermission } from "@/lib/server/auth/actor";
import { getReviewerQueue } from "@/lib/server/vetting/opinions";
import { bulkNoObjectionAction, recordOpinionAction } from "../../../actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("待审队列", "id");

/** A department's queue: every candidate of the round at once; 无异议 is one key away, or a whole filtered page. */
export default async function QueuePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ township?: string; show?: string }>;
}) {
  const actor = await requirePermission("vetting.review");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const queue = await getReviewerQueue(actor, id);
  if (!queue) notFound();
  const { township, show } = await searchParams;
  const all = [...queue.rows].sort(
    (a, b) => a.township.localeCompare(b.township, "zh") || a.village.localeCompare(b.village, "zh") || compareByStroke(a.name, b.name),
  );
  const rows = all.filter((r) => (!township || r.township === township) && (show === "all" || (show === "answered" ? r.mine : !r.mine)));
  const unanswered = rows.filter((r) => !r.mine);
  const townships = [...new Set(all.map((r) => r.township))];
  const answeredCount = all.filter((r) => r.mine).length;
  const href = (over: { township?: string | null; show?: string | null }) => {
    const q = new URLSearchParams();
    const t = over.township === undefined ? township : over.township;
    const s = over.show === undefined ? show : over.show;
    if (t) q.set("township", t);
    if (s) q.set("show", s);
    return `?${q.toString()}`;
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {queue.round.name} · {actor.departmentName}待审队列
        </h1>
        <span className="text-sm text-slate-600">
          已答复 {answeredCount}/{all.length} · 截止 {queue.round.deadline}
        </span>
      </div>
      <section className="card flex flex-wrap items-center gap-3 text-sm">
        <span className="text-slate-500">显示：</span>
        <Link className={!show ? "font-medium" : "link"} href={href({ show: null })}>
          未答复
        </Link>
        <Link className={show === "answered" ? "font-medium" : "link"} href={href({ show: "answered" })}>
          已答复
        </Link>
        <Link className={show === "all" ? "font-medium" : "link"} href={href({ show: "all" })}>
          全部
        </Link>
        <span className="ml-4 text-slate-500">乡镇：</span>
        <Link className={!township ? "font-medium" : "link"} href={href({ township: null })}>
          全部
        </Link>
        {townships.map((t) => (
          <Link key={t} className={township === t ? "font-medium" : "link"} href={href({ township: t })}>
            {t}
          </Link>
        ))}
      </section>
      {unanswered.length > 0 && (
        <section className="card">
          <ActionForm
            action={bulkNoObjectionAction}
            submitLabel={`对本页 ${unanswered.length} 名未答复的候选人出具“无异议”`}
            confirm={`确认本部门对本页 ${unanswered.length} 名候选人经核查均无异议？已出具其他意见的候选人不受影响。`}
          >
            <input type="hidden" name="roundId" value={queue.round.id} />
            {unanswered.map((r) => (
              <input key={r.entryId} type="hidden" name="entryIds" value={r.entryId} />
            ))}
          </ActionForm>
        </section>
      )}
      <section className="card overflow-x-auto">
        <table data-testid="queue">
          <thead>
            <tr>
              <th>姓名</th>
              <th>性别</th>
              <th>出生日期</th>
              <th>身份证号码</th>
              <th>乡镇 · 村(社区)</th>
              <th>职位</th>
              <th>本部门意见</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.entryId}>
                <td>{r.name}</td>
                <td>{GENDER_LABEL[r.gender]}</td>
                <td>{r.birthDate}</td>
                <td className="font-mono">{r.idNumberMasked}</td>
                <td>
                  {r.township} · {r.village}
                </td>
                <td>{POST_LABEL[r.post]}</td>
                <td>
                  {r.mine ? OPINION_LABEL[r.mine.kind] : "—"}
                  {r.mine?.fromRound && <span className="ml-1 text-xs text-slate-500">（「{r.mine.fromRound}」出具，继续有效）</span>}
                </td>
                <td className="whitespace-nowrap">
                  {!r.mine && (
                    <ActionForm action={recordOpinionAction} inline submitLabel="无异议">
                      <input type="hidden" name="entryId" value={r.entryId} />
                      <input type="hidden" name="kind" value="NO_OBJECTION" />
                    </ActionForm>
                  )}{" "}
                  <Link className="link" href={`/vetting/rounds/${queue.round.id}/entries/${r.entryId}`}>
                    {r.mine ? "查看/改变意见" : "其他意见"}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="p-2 text-sm text-slate-500">没有符合筛选条件的候选人。</p>}
      </section>
    </div>
  );
}
