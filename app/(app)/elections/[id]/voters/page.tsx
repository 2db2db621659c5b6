import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { KeyboardEntry } from "@/components/keyboard-entry";
import { chineseDay, todayInChina } from "@/lib/domain/days";
import { ETHNICITIES, GENDER_LABEL, GENDERS } from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { SUGGESTED_REASONS, VOTER_CATEGORIES, VOTER_CATEGORY_SHORT, type VoterChangeKind } from "@/lib/domain/voter-roll";
import { requirePermission } from "@/lib/server/auth/actor";
import { titleFromParam } from "@/lib/server/page-titles";
import { findElectionRoll, getVoterChanges, getVoterObjections, getVoterRoll } from "@/lib/server/voters/read";
import type { VoterSnapshot } from "@/lib/server/voters/roll-context";
import { addVoterAction, changeVoterAction, decideObjectionAction, openRollAction, postRollAction, recordObjectionAction, removeVoterAction } from "./actions";

export const generateMetadata = titleFromParam("选民名册", "id");

const PAGE_SIZE = 50;
const minDay = (a: string, b: string | null) => (b && b < a ? b : a);

type Roll = NonNullable<Awaited<ReturnType<typeof getVoterRoll>>>;
type RollVoter = Roll["voters"][number];

/** 选民名册: a village's voter roll for the campaign of this election, from opening to posting and objections. */
export default async function VotersPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ q?: string; page?: string }> }) {
  const actor = await requirePermission("voter.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const entry = await findElectionRoll(actor, id);
  if (!entry) notFound();
  const sp = await searchParams;
  const q = (sp.q ?? "").slice(0, 50);
  const pageNo = Math.max(1, Number.parseInt(sp.page ?? "1", 10) || 1);
  const own = { path: actor.unitPath };

  const title = (
    <div className="flex flex-wrap items-center gap-3">
      <h1>
        {entry.unit.name}选民名册{" "}
        <span className="text-base font-normal text-slate-500">
          {entry.unit.township} · {entry.campaign.name}
        </span>
      </h1>
      {entry.roll && (
        <span
          data-testid="roll-status"
          className={entry.roll.status === "POSTED" ? "rounded bg-green-100 px-2 py-0.5 text-sm text-green-800" : "rounded bg-slate-100 px-2 py-0.5 text-sm"}
        >
          {entry.roll.status === "POSTED" ? `已张榜公布（${entry.roll.postedOn}）` : "草稿"}
        </span>
      )}
      <div className="no-print ml-auto flex gap-2">
        {entry.roll && (
          <Link className="btn-secondary" href={`/elections/${id}/voters/print`}>
            打印选民名单
          </Link>
        )}
        {entry.roll?.status === "POSTED" && (
          <Link className="btn-secondary" href={`/elections/${id}/voters/print?part=changes`}>
            打印变更公告
          </Link>
        )}
        {can(actor, "candidate.view", own) && (
          <Link className="btn-secondary" href={`/elections/${id}`}>
            候选人名单
          </Link>
        )}
        {can(actor, "tally.view", own) && (
          <Link className="btn-secondary" href={`/elections/${id}/polling`}>
            投票设置
          </Link>
        )}
      </div>
    </div>
  );

  if (!entry.roll) {
    return (
      <div className="space-y-4">
        {title}
        <section className="card space-y-3" data-testid="no-roll">
          <p>
            本村(社区)本届尚未建立选民名册。选举日 {chineseDay(entry.electionDay)}，选民名单最迟应于 <b>{chineseDay(entry.latestPostingDay)}</b> 张榜公布。
          </p>
          {entry.canEdit && entry.campaign.open ? (
            <ActionForm action={openRollAction} submitLabel="建立选民名册">
              <input type="hidden" name="campaignId" value={entry.campaign.id} />
              <input type="hidden" name="unitId" value={entry.unit.id} />
              {entry.previous ? (
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="fromPrevious" defaultChecked />
                  从上届名册转入（{entry.previous.campaign}，{entry.previous.voters} 人；转入后逐一核对、新增和删除）
                </label>
              ) : (
                <p className="text-sm text-slate-500">本村(社区)没有上届选民名单，建立空白名单后逐一新增选民。</p>
              )}
            </ActionForm>
          ) : entry.frozen ? (
            <p role="note" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="roll-frozen">
              {entry.frozen}
            </p>
          ) : (
            <p className="text-sm text-slate-500">由村选委会或乡镇换届办建立。</p>
          )}
        </section>
      </div>
    );
  }

  const rollId = entry.roll.id;
  const [roll, changes, objections] = await Promise.all([
    getVoterRoll(actor, rollId, { q, page: pageNo, pageSize: PAGE_SIZE }),
    getVoterChanges(actor, rollId),
    getVoterObjections(actor, rollId),
  ]);
  if (!roll || !changes || !objections) notFound();
  const today = todayInChina();
  const pages = Math.max(1, Math.ceil(roll.matching / PAGE_SIZE));
  const groupNames = roll.groups.map((g) => g.group);
  const notice = changes.filter((c) => c.afterPosting);
  // The full ID number is for the village's own committee (getVoterForEdit; each view audited).
  const ownCommittee = roll.editable && actor.unitId === entry.unit.id;
  const href = (page: number) => `/elections/${id}/voters?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`;

  return (
    <div className="space-y-4">
      {title}

      {roll.frozen && (
        <p role="note" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="roll-frozen">
          {roll.frozen}
        </p>
      )}
      <section className="card grid gap-2 text-sm sm:grid-cols-4" data-testid="roll-summary">
        <div>
          选举日：<b>{roll.electionDay ?? "未设置"}</b>
        </div>
        <div>
          最迟公布日期：<b className={roll.postingLate ? "text-red-700" : ""}>{roll.latestPostingDay ?? "—"}</b>
          <div className="text-xs text-slate-500">选举日前 {roll.rules.voterListPostingDays} 日</div>
          {roll.postingLate && (
            <div className="text-xs font-medium text-red-700" data-testid="posting-late">
              已过公布期限，尚未公布
            </div>
          )}
        </div>
        <div>
          {roll.postedOn ? (
            <>
              公布日期：<b>{roll.postedOn}</b>
              <div className="text-xs text-slate-500">
                申诉截止 {roll.objectionDeadline}（公布之日起 {roll.rules.voterObjectionDays} 日内）
              </div>
            </>
          ) : (
            <>尚未张榜公布</>
          )}
        </div>
        <div>
          选民 <b data-testid="roll-total">{roll.total}</b> 人
        </div>
        <div className="sm:col-span-2">
          按村民小组：
          {roll.groups.length === 0 ? "—" : roll.groups.map((g) => `${g.group} ${g.count} 人`).join("，")}
        </div>
        <div className="sm:col-span-2" data-testid="roll-categories">
          按登记类别：
          {roll.categories.length === 0 ? "—" : roll.categories.map((c) => `${c.label} ${c.count} 人`).join("，")}
        </div>
        {!roll.editable && <div className="text-slate-500 sm:col-span-4">您可以查看选民名册；由村选委会或乡镇换届办维护。选举日后或换届结束后不能再修改。</div>}
      </section>

      {roll.editable && (
        <section className="card no-print" data-testid="add-voter">
          <h2 className="mb-2">新增选民</h2>
          {roll.status === "POSTED" && <p className="mb-2 text-sm text-amber-800">名单已公布：此后的新增、删除和变更都列入选民名单变更公告。</p>}
          <ActionForm action={addVoterAction} submitLabel="新增" resetOnSuccess>
            <input type="hidden" name="rollId" value={rollId} />
            <KeyboardEntry className="grid gap-3 sm:grid-cols-5">
              <Field name="name" label="姓名" id="a-name">
                <input id="a-name" name="name" required maxLength={20} autoComplete="off" data-autofocus />
              </Field>
              <Field name="idNumber" label="公民身份号码" id="a-idNumber" hint="输入后自动填写出生日期和性别">
                <input id="a-idNumber" name="idNumber" required maxLength={18} autoComplete="off" data-id-number className="font-mono" />
              </Field>
              <Field name="gender" label="性别" id="a-gender">
                <select id="a-gender" name="gender" defaultValue="MALE" data-gender>
                  {GENDERS.map((g) => (
                    <option key={g} value={g}>
                      {GENDER_LABEL[g]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="birthDate" label="出生日期" id="a-birthDate">
                <input id="a-birthDate" name="birthDate" required placeholder="YYYY-MM-DD" autoComplete="off" data-birth-date />
              </Field>
              <Field name="group" label="村民小组" id="a-group">
                <input
                  id="a-group"
                  name="group"
                  required
                  maxLength={50}
                  list="roll-groups"
                  defaultValue={groupNames[0] ?? ""}
                  placeholder="如：第一村民小组"
                  autoComplete="off"
                />
              </Field>
              <Field name="ethnicity" label="民族" id="a-ethnicity">
                <select id="a-ethnicity" name="ethnicity" defaultValue="01">
                  {ETHNICITIES.map((x) => (
                    <option key={x.code} value={x.code}>
                      {x.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="category" label="登记类别" id="a-category">
                <CategorySelect id="a-category" name="category" />
              </Field>
              <Field name="consentMeetingOn" label="会议同意日期" id="a-consentMeetingOn" hint="非户籍、村务工作人员须填">
                <input id="a-consentMeetingOn" name="consentMeetingOn" placeholder="YYYY-MM-DD" autoComplete="off" />
              </Field>
              <ReasonFields kind="ADD" prefix="a" />
            </KeyboardEntry>
            <datalist id="roll-groups">
              {groupNames.map((g) => (
                <option key={g} value={g} />
              ))}
            </datalist>
            <p className="text-xs text-slate-500">按回车移到下一栏，最后一栏回车即新增；新增后光标回到姓名栏。</p>
          </ActionForm>
        </section>
      )}

      <section className="card space-y-3">
        <div className="flex flex-wrap items-end gap-3">
          <h2>选民名单</h2>
          <form method="get" className="no-print ml-auto flex items-end gap-2" role="search">
            <label className="flex flex-col gap-1 text-sm">
              <span>查找</span>
              <input name="q" defaultValue={q} placeholder="姓名、村民小组或身份号码后4位" className="w-64" />
            </label>
            <button type="submit" className="btn-secondary">
              查找
            </button>
            {q && (
              <Link className="link text-sm" href={`/elections/${id}/voters`}>
                显示全部
              </Link>
            )}
          </form>
        </div>
        <p className="text-sm text-slate-500" data-testid="roll-matching">
          {q ? `找到 ${roll.matching} 人` : `共 ${roll.total} 人`}
          {pages > 1 && `，第 ${roll.page} / ${pages} 页`}
        </p>
        <div className="overflow-x-auto">
          <table data-testid="voter-table">
            <thead>
              <tr>
                <th>姓名</th>
                <th>村民小组</th>
                <th>性别</th>
                <th>出生日期</th>
                <th>公民身份号码</th>
                <th>登记类别</th>
                {roll.editable && <th className="no-print">操作</th>}
              </tr>
            </thead>
            <tbody>
              {roll.voters.map((v) => (
                <tr key={v.id} data-testid="voter-row">
                  <td>
                    {ownCommittee ? (
                      <Link className="link" href={`/elections/${id}/voters/${v.id}`} title="查看完整信息（记入审计日志）">
                        {v.name}
                      </Link>
                    ) : (
                      v.name
                    )}
                  </td>
                  <td>{v.group}</td>
                  <td>{GENDER_LABEL[v.gender]}</td>
                  <td>{v.birthDate}</td>
                  <td className="font-mono">{v.idNumber}</td>
                  <td>
                    {v.categoryLabel}
                    {v.consentMeetingOn && <span className="text-xs text-slate-500">（{v.consentMeetingOn} 会议同意）</span>}
                  </td>
                  {roll.editable && (
                    <td className="no-print">
                      <VoterRowActions key={`${v.id}-${v.version}`} rollId={rollId} v={v} />
                    </td>
                  )}
                </tr>
              ))}
              {roll.voters.length === 0 && (
                <tr>
                  <td colSpan={7} className="text-slate-500">
                    {q ? "没有找到符合条件的选民" : "名单中还没有选民"}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {pages > 1 && (
          <nav className="no-print flex gap-3 text-sm" aria-label="翻页">
            {roll.page > 1 && (
              <Link className="link" href={href(roll.page - 1)}>
                上一页
              </Link>
            )}
            {roll.page < pages && (
              <Link className="link" href={href(roll.page + 1)}>
                下一页
              </Link>
            )}
          </nav>
        )}
      </section>

      {roll.editable && roll.status === "DRAFT" && (
        <section className="card no-print" data-testid="post-roll">
          <h2 className="mb-2">张榜公布</h2>
          <p className="mb-2 text-sm text-slate-600">
            选民名单应在选举日前 {roll.rules.voterListPostingDays} 日张榜公布，最迟 {roll.latestPostingDay ? chineseDay(roll.latestPostingDay) : "—"}
            。张贴后登记公布日期；公布后名单只能经申诉处理或写明原因的更正修改。
          </p>
          <ActionForm action={postRollAction} submitLabel="登记张榜公布" confirm="确认选民名单已张榜公布？公布后的每项修改都列入变更公告。" inline>
            <input type="hidden" name="rollId" value={rollId} />
            <input type="hidden" name="version" value={roll.version} />
            <Field name="postedOn" label="公布日期" id="p-postedOn">
              <input id="p-postedOn" name="postedOn" required defaultValue={minDay(today, roll.latestPostingDay)} placeholder="YYYY-MM-DD" />
            </Field>
          </ActionForm>
        </section>
      )}

      {roll.status === "POSTED" && <ObjectionsSection roll={roll} objections={objections} today={today} groupNames={groupNames} />}

      <section className="card" data-testid="change-notice">
        <h2 className="mb-2">选民名单变更公告（公布后的变更）</h2>
        {notice.length === 0 ? (
          <p className="text-sm text-slate-500">{roll.status === "POSTED" ? "公布后没有变更。" : "名单尚未公布。"}</p>
        ) : (
          <ChangeTable changes={notice} />
        )}
      </section>

      <section className="card" data-testid="change-history">
        <h2 className="mb-2">变更记录</h2>
        {changes.length === 0 ? <p className="text-sm text-slate-500">还没有变更记录。</p> : <ChangeTable changes={changes} showBy />}
      </section>
    </div>
  );
}

function CategorySelect({ id, name, defaultValue = "RESIDENT" }: { id: string; name: string; defaultValue?: string }) {
  return (
    <select id={id} name={name} defaultValue={defaultValue}>
      {VOTER_CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {VOTER_CATEGORY_SHORT[c]}
        </option>
      ))}
    </select>
  );
}

/** The reason of a change: one of the usual ones (or 其他) and a typed detail; the action joins them into `reason`. */
function ReasonFields({ kind, prefix, name = "reason" }: { kind: VoterChangeKind; prefix: string; name?: string }) {
  return (
    <>
      <Field name={name} label="原因" id={`${prefix}-reasonKind`}>
        <select id={`${prefix}-reasonKind`} name="reasonKind" defaultValue={SUGGESTED_REASONS[kind][0]}>
          {SUGGESTED_REASONS[kind].map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
          <option value="其他">其他（在说明中写明）</option>
        </select>
      </Field>
      <Field name="reasonText" label="说明（可不填）" id={`${prefix}-reasonText`}>
        <input id={`${prefix}-reasonText`} name="reasonText" maxLength={150} autoComplete="off" />
      </Field>
    </>
  );
}

function VoterRowActions({ rollId, v }: { rollId: string; v: RollVoter }) {
  const p = v.id.slice(0, 8);
  return (
    <div className="flex flex-col gap-1">
      <details data-testid="change-voter">
        <summary className="link cursor-pointer">变更</summary>
        <ActionForm action={changeVoterAction} submitLabel="保存变更" className="mt-2 min-w-72">
          <input type="hidden" name="rollId" value={rollId} />
          <input type="hidden" name="voterId" value={v.id} />
          <input type="hidden" name="version" value={v.version} />
          <Field name="name" label="姓名" id={`c-${p}-name`}>
            <input id={`c-${p}-name`} name="name" defaultValue={v.name} required maxLength={20} />
          </Field>
          <Field name="group" label="村民小组" id={`c-${p}-group`}>
            <input id={`c-${p}-group`} name="group" defaultValue={v.group} required maxLength={50} list="roll-groups" />
          </Field>
          <Field name="category" label="登记类别" id={`c-${p}-category`}>
            <CategorySelect id={`c-${p}-category`} name="category" defaultValue={v.category} />
          </Field>
          <Field name="consentMeetingOn" label="会议同意日期" id={`c-${p}-consentMeetingOn`}>
            <input id={`c-${p}-consentMeetingOn`} name="consentMeetingOn" defaultValue={v.consentMeetingOn ?? ""} placeholder="YYYY-MM-DD" />
          </Field>
          <ReasonFields kind="CHANGE" prefix={`c-${p}`} />
        </ActionForm>
      </details>
      <details data-testid="remove-voter">
        <summary className="link cursor-pointer text-red-700">删除</summary>
        <ActionForm
          action={removeVoterAction}
          submitLabel="从名单中删除"
          confirm={`确认将 ${v.name}（${v.group}）从选民名单中删除？`}
          className="mt-2 min-w-72"
        >
          <input type="hidden" name="rollId" value={rollId} />
          <input type="hidden" name="voterId" value={v.id} />
          <input type="hidden" name="version" value={v.version} />
          <ReasonFields kind="REMOVE" prefix={`r-${p}`} />
        </ActionForm>
      </details>
    </div>
  );
}

type Change = NonNullable<Awaited<ReturnType<typeof getVoterChanges>>>[number];

function snapshotText(s: VoterSnapshot | null) {
  if (!s) return "";
  return `${s.name}，${s.group}，${GENDER_LABEL[s.gender]}，${s.birthDate.slice(0, 4)}年生，${VOTER_CATEGORY_SHORT[s.category]}`;
}

function ChangeTable({ changes, showBy = false }: { changes: Change[]; showBy?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table>
        <thead>
          <tr>
            <th>时间</th>
            <th className="whitespace-nowrap">类型</th>
            <th className="whitespace-nowrap">选民</th>
            <th>原因</th>
            <th>变更前</th>
            <th>变更后</th>
            {showBy && <th>经办人</th>}
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.id} data-testid="change-row">
              <td className="whitespace-nowrap">{c.createdAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })}</td>
              <td className="whitespace-nowrap">
                {c.kindLabel}
                {c.afterPosting && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">公布后</span>}
              </td>
              <td className="whitespace-nowrap">{(c.after ?? c.before)?.name}</td>
              <td>{c.reason}</td>
              <td className="text-sm">{c.kind === "ADD" ? "" : snapshotText(c.before)}</td>
              <td className="text-sm">{c.kind === "REMOVE" ? "" : snapshotText(c.after)}</td>
              {showBy && <td>{c.by}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Objection = NonNullable<Awaited<ReturnType<typeof getVoterObjections>>>[number];

function ObjectionsSection({ roll, objections, today, groupNames }: { roll: Roll; objections: Objection[]; today: string; groupNames: string[] }) {
  return (
    <section className="card space-y-3" data-testid="objections">
      <h2>申诉</h2>
      <p className="text-sm text-slate-600">
        对名单有不同意见的，可在名单公布之日起 {roll.rules.voterObjectionDays} 日内（{roll.objectionDeadline} 前）提出申诉；村民选举委员会在收到申诉之日起{" "}
        {roll.rules.voterObjectionDecisionDays} 日内作出处理决定。
      </p>
      {objections.length > 0 && (
        <div className="overflow-x-auto">
          <table>
            <thead>
              <tr>
                <th>申诉人</th>
                <th>申诉事项</th>
                <th>收到日期</th>
                <th>处理期限</th>
                <th>处理结果</th>
              </tr>
            </thead>
            <tbody>
              {objections.map((o) => (
                <tr key={o.id} data-testid="objection-row">
                  <td>{o.objector}</td>
                  <td>{o.subject}</td>
                  <td>{o.receivedOn}</td>
                  <td className={o.overdue ? "font-medium text-red-700" : ""}>
                    {o.decisionDeadline}
                    {o.overdue && "（已超期）"}
                  </td>
                  <td>
                    {o.outcome ? (
                      <>
                        <b>{o.outcome === "UPHELD" ? "申诉成立" : "申诉不成立"}</b>（{o.decidedOn}）：{o.decision}
                        {o.changes.length > 0 && <span className="text-sm text-slate-500">；名单{o.changes.map((c) => c.kindLabel).join("、")}</span>}
                      </>
                    ) : roll.editable ? (
                      <DecideForm roll={roll} o={o} today={today} groupNames={groupNames} />
                    ) : (
                      <span className="text-slate-500">待处理</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {roll.editable && roll.objectionDeadline && (
        <div className="no-print">
          <h3 className="mb-2 font-medium">登记申诉</h3>
          <ActionForm action={recordObjectionAction} submitLabel="登记申诉" resetOnSuccess>
            <input type="hidden" name="rollId" value={roll.id} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="objector" label="申诉人" id="o-objector">
                <input id="o-objector" name="objector" required maxLength={20} data-autofocus autoComplete="off" />
              </Field>
              <Field name="receivedOn" label="收到申诉日期" id="o-receivedOn">
                <input id="o-receivedOn" name="receivedOn" required defaultValue={minDay(today, roll.objectionDeadline)} placeholder="YYYY-MM-DD" />
              </Field>
              <Field name="subject" label="申诉事项" id="o-subject">
                <input id="o-subject" name="subject" required maxLength={500} placeholder="如：本人年满十八周岁，名单漏登" autoComplete="off" />
              </Field>
            </div>
          </ActionForm>
        </div>
      )}
    </section>
  );
}

function DecideForm({ roll, o, today, groupNames }: { roll: Roll; o: Objection; today: string; groupNames: string[] }) {
  const p = `d-${o.id.slice(0, 8)}`;
  return (
    <details className="no-print">
      <summary className="link cursor-pointer">作出处理决定</summary>
      <ActionForm action={decideObjectionAction} submitLabel="登记处理决定" className="mt-2">
        <input type="hidden" name="objectionId" value={o.id} />
        <input type="hidden" name="version" value={o.version} />
        <div className="grid gap-3 sm:grid-cols-3">
          <Field name="decidedOn" label="处理日期" id={`${p}-decidedOn`}>
            <input id={`${p}-decidedOn`} name="decidedOn" required defaultValue={minDay(today, o.decisionDeadline)} placeholder="YYYY-MM-DD" />
          </Field>
          <Field name="outcome" label="处理结果" id={`${p}-outcome`}>
            <select id={`${p}-outcome`} name="outcome" defaultValue="">
              <option value="">请选择</option>
              <option value="UPHELD">申诉成立</option>
              <option value="REJECTED">申诉不成立</option>
            </select>
          </Field>
          <Field name="decision" label="处理决定" id={`${p}-decision`}>
            <input id={`${p}-decision`} name="decision" required maxLength={500} autoComplete="off" />
          </Field>
        </div>
        <fieldset className="space-y-2 rounded border border-slate-200 p-3">
          <legend className="px-1 text-sm">申诉成立时对名单的处理</legend>
          <Field name="apply" label="处理方式" id={`${p}-kind`}>
            <select id={`${p}-kind`} name="apply.kind" defaultValue="">
              <option value="">请选择</option>
              <option value="ADD">新增选民（填写下方“新增”各栏）</option>
              <option value="REMOVE">删除选民</option>
              <option value="CHANGE">变更选民（填写下方“变更”各栏）</option>
            </select>
          </Field>
          <div className="text-sm font-medium">新增</div>
          <div className="grid gap-2 sm:grid-cols-4">
            <Field name="apply.voter.name" label="姓名" id={`${p}-vname`}>
              <input id={`${p}-vname`} name="apply.voter.name" maxLength={20} autoComplete="off" />
            </Field>
            <Field name="apply.voter.idNumber" label="公民身份号码" id={`${p}-vid`}>
              <input id={`${p}-vid`} name="apply.voter.idNumber" maxLength={18} autoComplete="off" className="font-mono" />
            </Field>
            <Field name="apply.voter.gender" label="性别" id={`${p}-vgender`}>
              <select id={`${p}-vgender`} name="apply.voter.gender" defaultValue="MALE">
                {GENDERS.map((g) => (
                  <option key={g} value={g}>
                    {GENDER_LABEL[g]}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="apply.voter.birthDate" label="出生日期" id={`${p}-vbirth`}>
              <input id={`${p}-vbirth`} name="apply.voter.birthDate" placeholder="YYYY-MM-DD" autoComplete="off" />
            </Field>
            <Field name="apply.voter.group" label="村民小组" id={`${p}-vgroup`}>
              <input id={`${p}-vgroup`} name="apply.voter.group" maxLength={50} list="roll-groups" defaultValue={groupNames[0] ?? ""} />
            </Field>
            <Field name="apply.voter.category" label="登记类别" id={`${p}-vcat`}>
              <CategorySelect id={`${p}-vcat`} name="apply.voter.category" />
            </Field>
            <Field name="apply.voter.consentMeetingOn" label="会议同意日期" id={`${p}-vconsent`}>
              <input id={`${p}-vconsent`} name="apply.voter.consentMeetingOn" placeholder="YYYY-MM-DD" />
            </Field>
            <input type="hidden" name="apply.voter.ethnicity" value="01" />
          </div>
          <div className="text-sm font-medium">
            删除或变更 <span className="font-normal text-slate-500">（选民从本页所列中选择：可先在上方查找该选民）</span>
          </div>
          <div className="grid gap-2 sm:grid-cols-4">
            <Field name="apply.voterId" label="选民（本页所列）" id={`${p}-voterId`}>
              <select id={`${p}-voterId`} name="apply.voterId" defaultValue="">
                <option value="">请选择</option>
                {roll.voters.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}（{v.group}，{v.birthDate.slice(0, 4)}年生）
                  </option>
                ))}
              </select>
            </Field>
            <Field name="apply.name" label="变更后姓名" id={`${p}-cname`}>
              <input id={`${p}-cname`} name="apply.name" maxLength={20} autoComplete="off" />
            </Field>
            <Field name="apply.group" label="变更后村民小组" id={`${p}-cgroup`}>
              <input id={`${p}-cgroup`} name="apply.group" maxLength={50} list="roll-groups" />
            </Field>
            <Field name="apply.category" label="变更后登记类别" id={`${p}-ccat`}>
              <CategorySelect id={`${p}-ccat`} name="apply.category" />
            </Field>
          </div>
        </fieldset>
      </ActionForm>
    </details>
  );
}
