import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { CandidateFields } from "@/components/candidate-fields";
import { ProblemList } from "@/components/problem-list";
import { addDays, daysBetween, todayInChina } from "@/lib/domain/days";
import { ageOn } from "@/lib/domain/nomination-rules";
import {
  educationName,
  ethnicityName,
  GENDER_LABEL,
  NOMINATION_FORM_LABEL,
  POLITICAL_LABEL,
  POST_LABEL,
  POSTS,
  RELATION_LABEL,
  RELATIONS,
} from "@/lib/domain/people";
import { vettingStandingLabel } from "@/lib/domain/announcement";
import { can } from "@/lib/domain/permissions";
import { KIND_LABEL } from "@/lib/domain/units";
import { DUAL_ROLE_LABEL, LIST_STATUS_LABEL, METHOD_LABEL } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { getElectionWorkspace } from "@/lib/server/nomination/candidates";
import {
  createKinshipAction,
  deleteCandidateAction,
  deleteKinshipAction,
  returnListAction,
  saveCandidateAction,
  submitListAction,
} from "../../campaigns/actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("候选人名单", "id");

export default async function ElectionPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("candidate.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const w = await getElectionWorkspace(actor, id);
  if (!w) notFound();
  const own = { path: actor.unitPath };
  const canSubmit = can(actor, "list.submit", own) && (w.listStatus === "DRAFT" || w.listStatus === "RETURNED");
  const canReturn = can(actor, "list.return", own) && w.listStatus === "SUBMITTED";
  const canSeeId = can(actor, "candidate.viewIdNumber", own);
  const { seats } = w;
  const posts = POSTS.filter((p) => seats[p] > 0);
  const errors = w.problems.filter((p) => p.severity === "error").length;
  const names = new Map(w.candidates.map((c) => [c.person.id, c.person.name]));
  const people = [...names.entries()];
  const flagged = new Set(w.problems.flatMap((p) => p.candidateIds));
  const vetted = w.candidates.some((c) => c.vettingDecision !== null);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {w.unit.name}初步候选人名单{" "}
          <span className="text-base font-normal text-slate-500">
            {KIND_LABEL[w.unit.kind]} · {w.unit.parent?.name} · {w.campaign.name}
          </span>
        </h1>
        <span
          data-testid="list-status"
          className={w.listStatus === "SUBMITTED" ? "rounded bg-blue-100 px-2 py-0.5 text-sm text-blue-800" : "rounded bg-slate-100 px-2 py-0.5 text-sm"}
        >
          {LIST_STATUS_LABEL[w.listStatus]}
        </span>
        <div className="no-print ml-auto flex gap-2">
          <Link className="btn-secondary" href={`/elections/${w.id}/announcement`}>
            {w.listStatus === "FORMAL" ? "打印正式候选人公告" : "打印公告"}
          </Link>
          {can(actor, "voter.view", own) && (
            <Link className="btn-secondary" href={`/elections/${w.id}/voters`}>
              选民名册
            </Link>
          )}
          <a className="btn-secondary" href={`/elections/${w.id}/export`}>
            导出 Excel
          </a>
          {w.listStatus === "FORMAL" && can(actor, "tally.view", own) && (
            <Link className="btn-secondary" href={`/elections/${w.id}/ballots`}>
              打印选票和计票单
            </Link>
          )}
          {w.listStatus === "FORMAL" && can(actor, "tally.view", own) && (
            <Link className="btn-secondary" href={`/elections/${w.id}/polling`}>
              投票设置
            </Link>
          )}
          {w.listStatus === "FORMAL" && can(actor, "tally.view", own) && (
            <Link className="btn" href={`/elections/${w.id}/count`}>
              投票计票
            </Link>
          )}
          {w.editable && (
            <Link className="btn-secondary" href={`/campaigns/${w.campaign.id}/setup/${w.unit.id}`}>
              修改选举设置
            </Link>
          )}
        </div>
      </div>

      <section className="card grid gap-2 text-sm sm:grid-cols-4">
        <div>
          选举日：<b>{w.electionDay}</b>（还有 {daysBetween(todayInChina(), w.electionDay)} 天）
        </div>
        <div>方式：{METHOD_LABEL[w.method]}</div>
        <div>职数：{posts.map((p) => `${POST_LABEL[p]} ${seats[p]}`).join("，")}</div>
        <div>
          登记选民 {w.registeredVoters} 人 · {DUAL_ROLE_LABEL[w.dualRole]}
        </div>
        <div className="sm:col-span-4">
          正式候选人名单应于 <b>{addDays(w.electionDay, -w.rules.candidateListPostingDays)}</b> 前公布（选举日前 {w.rules.candidateListPostingDays} 天）
          {w.formalPublishedAt ? `，已于 ${todayInChina(w.formalPublishedAt)} 公布` : ""}
        </div>
        {w.listStatus === "RETURNED" && w.returnedReason && <div className="text-amber-800 sm:col-span-4">退回原因：{w.returnedReason}</div>}
      </section>

      <ProblemList problems={w.problems} names={Object.fromEntries(w.candidates.map((c) => [c.id, c.person.name]))} />

      {w.editable && (
        <section className="card no-print">
          <h2 className="mb-2">录入初步候选人</h2>
          <p className="mb-2 text-xs text-slate-500">回车跳到下一项，最后一项回车即保存；输入身份证号码后自动填出生日期和性别。</p>
          <ActionForm action={saveCandidateAction} submitLabel="保存并录入下一人" resetOnSuccess>
            <input type="hidden" name="electionId" value={w.id} />
            <CandidateFields posts={posts} />
          </ActionForm>
        </section>
      )}

      {posts.map((post) => {
        const list = w.candidates.filter((c) => c.post === post);
        return (
          <section key={post} className="card overflow-x-auto">
            <h2 className="mb-2">
              {POST_LABEL[post]}候选人（{list.length} 人，应选 {seats[post]} 名）
            </h2>
            <table>
              <thead>
                <tr>
                  <th>姓名</th>
                  <th>性别</th>
                  <th>民族</th>
                  <th>年龄</th>
                  <th>身份证号码</th>
                  <th>学历</th>
                  <th>政治面貌</th>
                  <th>提名方式</th>
                  <th>承诺</th>
                  {vetted && <th>资格联审</th>}
                  {w.editable && <th className="no-print">操作</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id} className={flagged.has(c.id) ? "bg-amber-50" : ""}>
                    <td className="font-medium">{c.person.name}</td>
                    <td>{GENDER_LABEL[c.person.gender]}</td>
                    <td>{ethnicityName(c.person.ethnicity)}</td>
                    <td>{ageOn(c.person.birthDate, w.electionDay)}</td>
                    <td className="font-mono">{c.person.idNumber}</td>
                    <td>{educationName(c.person.education)}</td>
                    <td>{POLITICAL_LABEL[c.person.political]}</td>
                    <td>
                      {NOMINATION_FORM_LABEL[c.nominationForm]}
                      {c.nominatorCount ? `（${c.nominatorCount} 人）` : ""}
                    </td>
                    <td>{[c.pledgeCampaign, c.pledgeWork, c.pledgeResign, c.pledgeDiscipline].filter(Boolean).length}/4</td>
                    {vetted && <td data-testid="formal-status">{vettingStandingLabel(c, w.listStatus)}</td>}
                    {w.editable && (
                      <td className="no-print whitespace-nowrap">
                        {canSeeId && (
                          <Link className="link mr-2" href={`/elections/${w.id}/candidates/${c.id}`}>
                            修改
                          </Link>
                        )}
                        <ActionForm action={deleteCandidateAction} inline submitLabel="删除" confirm={`确定从名单中删除「${c.person.name}」吗？`}>
                          <input type="hidden" name="electionId" value={w.id} />
                          <input type="hidden" name="candidateId" value={c.id} />
                          <input type="hidden" name="version" value={c.version} />
                        </ActionForm>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}

      <section className="card">
        <h2 className="mb-2">亲属关系（用于近亲属回避检查）</h2>
        {w.kinship.length === 0 ? (
          <p className="text-sm text-slate-500">未登记。</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {w.kinship.map((k) => (
              <li key={k.id} className="flex items-center gap-3">
                {names.get(k.personAId)} — {names.get(k.personBId)}：{RELATION_LABEL[k.relation]}
                {w.editable && (
                  <ActionForm action={deleteKinshipAction} inline submitLabel="删除">
                    <input type="hidden" name="electionId" value={w.id} />
                    <input type="hidden" name="kinshipId" value={k.id} />
                  </ActionForm>
                )}
              </li>
            ))}
          </ul>
        )}
        {w.editable && people.length >= 2 && (
          <ActionForm action={createKinshipAction} inline submitLabel="登记" className="mt-3">
            <input type="hidden" name="electionId" value={w.id} />
            <Field name="personAId" label="人员甲">
              <select id="f-personAId" name="personAId">
                {people.map(([pid, name]) => (
                  <option key={pid} value={pid}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="relation" label="关系">
              <select id="f-relation" name="relation">
                {RELATIONS.map((r) => (
                  <option key={r} value={r}>
                    {RELATION_LABEL[r]}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="personBId" label="人员乙">
              <select id="f-personBId" name="personBId" defaultValue={people[1]?.[0]}>
                {people.map(([pid, name]) => (
                  <option key={pid} value={pid}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
          </ActionForm>
        )}
      </section>

      {canSubmit && (
        <section className="card no-print">
          <h2 className="mb-2">提交县级资格联审</h2>
          <p className="mb-2 text-sm text-slate-600">
            {errors > 0 ? `名单还有 ${errors} 个问题须先改正，改正后才能提交。` : "名单已通过各项检查。提交后名单锁定，县换届办退回前不能修改。"}
          </p>
          <ActionForm action={submitListAction} submitLabel="提交联审" confirm="提交后名单将锁定，确定提交吗？">
            <input type="hidden" name="electionId" value={w.id} />
            <input type="hidden" name="version" value={w.version} />
          </ActionForm>
        </section>
      )}
      {canReturn && (
        <section className="card no-print">
          <h2 className="mb-2">退回乡镇修改</h2>
          <ActionForm action={returnListAction} submitLabel="退回" className="max-w-xl">
            <input type="hidden" name="electionId" value={w.id} />
            <input type="hidden" name="version" value={w.version} />
            <Field name="reason" label="退回原因">
              <input id="f-reason" name="reason" required maxLength={500} />
            </Field>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
