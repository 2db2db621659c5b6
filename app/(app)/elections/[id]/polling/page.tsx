import Link from "next/link";
import { Fragment } from "react";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { RELATION_LABEL, RELATIONS } from "@/lib/domain/people";
import {
  BOX_KIND_LABEL,
  BOX_KINDS,
  LOCKED_MESSAGE,
  MIN_MOBILE_MONITORS,
  STAFF_DUTIES,
  STAFF_DUTY_LABEL,
  STATION_KIND_LABEL,
  STATION_KINDS,
  type PollingProblem,
} from "@/lib/domain/polling";
import { requirePermission } from "@/lib/server/auth/actor";
import { getPollingSetup, type PollingSetupView } from "@/lib/server/election-day/polling";
import {
  addProxyAction,
  addStaffAction,
  deleteBoxAction,
  deleteProxyAction,
  deleteStaffAction,
  deleteStationAction,
  saveBoxAction,
  saveStationAction,
  setDoubleEntryAction,
} from "./actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("投票设置", "id");

/** 投票设置: stations and boxes, proxy votes, staff, and the county's double-entry switch. */
export default async function PollingPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("tally.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const w = await getPollingSetup(actor, id);
  if (!w) notFound();
  const boxes = w.stations.flatMap((s) => s.boxes.map((b) => ({ ...b, stationName: s.name })));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {w.unit.name}投票设置{" "}
          <span className="text-base font-normal text-slate-500">
            {w.unit.township} · {w.campaign.name}
          </span>
        </h1>
        {w.resultConfirmed && (
          <span className="rounded bg-slate-200 px-2 py-0.5 text-sm" data-testid="polling-locked">
            已锁定
          </span>
        )}
        <div className="no-print ml-auto flex gap-2">
          <Link className="btn-secondary" href={`/elections/${w.id}/voters`}>
            选民名册
          </Link>
          <Link className="btn-secondary" href={`/elections/${w.id}`}>
            返回候选人名单
          </Link>
        </div>
      </div>

      <section className="card grid gap-2 text-sm sm:grid-cols-4">
        <div>
          选举日：<b>{w.electionDay}</b>
        </div>
        <div>
          登记选民 {w.registeredVoters} 人
          <div className="text-xs text-slate-500">
            {w.registeredSource === "roll" ? `按已公布的选民名单计（${w.registeredPostedOn} 公布）` : "按选举设置中填写的人数（选民名单尚未公布）"}
          </div>
        </div>
        <div>
          各票箱合计 <b className={w.boxVoters === w.registeredVoters ? "" : "text-red-700"}>{w.boxVoters}</b> 人
        </div>
        <div>计票单录入：{w.doubleEntry ? "双人录入" : "单人录入"}</div>
        {w.resultConfirmed ? (
          <div className="text-amber-800 sm:col-span-4">{LOCKED_MESSAGE}。</div>
        ) : (
          !w.canEdit && <div className="text-slate-500 sm:col-span-4">您可以查看投票设置；由村选委会或乡镇换届办维护。</div>
        )}
      </section>

      <Problems problems={w.problems} />

      <StationsSection w={w} />

      <ProxiesSection w={w} />

      <StaffSection w={w} boxes={boxes} />

      <DoubleEntrySection w={w} />
    </div>
  );
}

function Problems({ problems }: { problems: PollingProblem[] }) {
  if (problems.length === 0) {
    return (
      <section className="card border-green-200 bg-green-50 text-sm text-green-800" data-testid="polling-problems">
        投票设置齐全，可以开始投票。
      </section>
    );
  }
  const errors = problems.filter((p) => p.severity === "error").length;
  return (
    <section className="card" data-testid="polling-problems">
      <h2 className="mb-2">
        检查结果：<span className="text-red-700">{errors} 个错误</span>，<span className="text-amber-700">{problems.length - errors} 个提醒</span>
        {errors > 0 && <span className="ml-2 text-sm font-normal text-slate-500">（改正错误后才能开始第一次投票）</span>}
      </h2>
      <ul className="space-y-1">
        {problems.map((p, i) => (
          <li key={`${p.code}-${i}`} className={p.severity === "error" ? "border-l-4 border-red-600 pl-3 text-sm" : "border-l-4 border-amber-400 pl-3 text-sm"}>
            <span className={p.severity === "error" ? "mr-2 font-medium text-red-700" : "mr-2 font-medium text-amber-700"}>
              {p.severity === "error" ? "错误" : "提醒"}
            </span>
            {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function votersText(b: { kind: "FIXED" | "MOBILE"; voters: number }) {
  return b.kind === "MOBILE" ? `流动票箱选民名单人数 ${b.voters} 人` : `服务选民 ${b.voters} 人`;
}

function StationFields({ prefix, s }: { prefix: string; s?: PollingSetupView["stations"][number] }) {
  return (
    <>
      <Field name="name" label="名称" id={`${prefix}-name`}>
        <input
          id={`${prefix}-name`}
          name="name"
          required
          maxLength={50}
          defaultValue={s?.name}
          placeholder="如：中心会场、三组分会场"
          data-autofocus
          autoComplete="off"
        />
      </Field>
      <Field name="kind" label="类型" id={`${prefix}-kind`}>
        <select id={`${prefix}-kind`} name="kind" defaultValue={s?.kind ?? "CENTRAL"}>
          {STATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {STATION_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="place" label="地点" id={`${prefix}-place`}>
        <input id={`${prefix}-place`} name="place" maxLength={100} defaultValue={s?.place} placeholder="如：村委会大院" autoComplete="off" />
      </Field>
    </>
  );
}

function BoxFields({
  prefix,
  stations,
  b,
  stationId,
}: {
  prefix: string;
  stations: PollingSetupView["stations"];
  b?: { name: string; kind: "FIXED" | "MOBILE"; voters: number };
  stationId?: string;
}) {
  return (
    <>
      <Field name="stationId" label="所属投票站" id={`${prefix}-stationId`}>
        <select id={`${prefix}-stationId`} name="stationId" defaultValue={stationId} data-autofocus>
          {stations.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}（{STATION_KIND_LABEL[s.kind]}）
            </option>
          ))}
        </select>
      </Field>
      <Field name="name" label="票箱名称" id={`${prefix}-name`}>
        <input id={`${prefix}-name`} name="name" required maxLength={50} defaultValue={b?.name} placeholder="如：1号票箱" autoComplete="off" />
      </Field>
      <Field name="kind" label="类型" id={`${prefix}-kind`}>
        <select id={`${prefix}-kind`} name="kind" defaultValue={b?.kind ?? "FIXED"}>
          {BOX_KINDS.map((k) => (
            <option key={k} value={k}>
              {BOX_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="voters" label="服务选民数" id={`${prefix}-voters`} hint="流动票箱填流动票箱选民名单人数">
        <input id={`${prefix}-voters`} name="voters" type="number" inputMode="numeric" min={1} required defaultValue={b?.voters} className="w-28" />
      </Field>
    </>
  );
}

function StationsSection({ w }: { w: PollingSetupView }) {
  return (
    <section className="card overflow-x-auto">
      <h2 className="mb-2">投票站和票箱</h2>
      <p className="mb-2 text-xs text-slate-500">
        设一个中心会场，可另设分会场；流动票箱只为不能到场的年老、患病、残疾选民设置，归属中心会场，封存后送中心会场统一开箱计票，每个流动票箱至少{" "}
        {MIN_MOBILE_MONITORS} 名监票人随箱。
      </p>
      {w.stations.length === 0 ? (
        <p className="text-sm text-slate-500">尚未设置投票站。</p>
      ) : (
        <table data-testid="stations">
          <thead>
            <tr>
              <th>投票站 / 票箱</th>
              <th>类型</th>
              <th>服务选民</th>
              <th>随箱监票人</th>
              {w.canEdit && <th className="no-print">操作</th>}
            </tr>
          </thead>
          <tbody>
            {w.stations.map((s) => (
              <Fragment key={s.id}>
                <tr className="bg-slate-50">
                  <td className="font-medium">
                    {s.name}
                    {s.place && <span className="ml-2 text-xs font-normal text-slate-500">{s.place}</span>}
                  </td>
                  <td>{STATION_KIND_LABEL[s.kind]}</td>
                  <td>{s.boxes.length} 个票箱</td>
                  <td />
                  {w.canEdit && (
                    <td className="no-print whitespace-nowrap">
                      <details className="inline-block align-top">
                        <summary className="link cursor-pointer">修改</summary>
                        <ActionForm key={`${s.id}-${s.version}`} action={saveStationAction} className="mt-2">
                          <input type="hidden" name="electionId" value={w.id} />
                          <input type="hidden" name="id" value={s.id} />
                          <input type="hidden" name="version" value={s.version} />
                          <StationFields prefix={`st-${s.id}`} s={s} />
                        </ActionForm>
                      </details>{" "}
                      <ActionForm action={deleteStationAction} inline submitLabel="删除" confirm={`确定删除投票站「${s.name}」吗？`}>
                        <input type="hidden" name="electionId" value={w.id} />
                        <input type="hidden" name="id" value={s.id} />
                        <input type="hidden" name="version" value={s.version} />
                      </ActionForm>
                    </td>
                  )}
                </tr>
                {s.boxes.map((b) => (
                  <tr key={b.id} data-testid="box-row">
                    <td className="pl-6">{b.name}</td>
                    <td>{BOX_KIND_LABEL[b.kind]}</td>
                    <td>{votersText(b)}</td>
                    <td className={b.kind === "MOBILE" && b.monitors < MIN_MOBILE_MONITORS ? "text-red-700" : ""}>
                      {b.kind === "MOBILE" ? `${b.monitors} 名` : "—"}
                    </td>
                    {w.canEdit && (
                      <td className="no-print whitespace-nowrap">
                        <details className="inline-block align-top">
                          <summary className="link cursor-pointer">修改</summary>
                          <ActionForm key={`${b.id}-${b.version}`} action={saveBoxAction} className="mt-2">
                            <input type="hidden" name="electionId" value={w.id} />
                            <input type="hidden" name="id" value={b.id} />
                            <input type="hidden" name="version" value={b.version} />
                            <BoxFields prefix={`bx-${b.id}`} stations={w.stations} b={b} stationId={s.id} />
                          </ActionForm>
                        </details>{" "}
                        {b.tallies === 0 && (
                          <ActionForm action={deleteBoxAction} inline submitLabel="删除" confirm={`确定删除票箱「${b.name}」吗？`}>
                            <input type="hidden" name="electionId" value={w.id} />
                            <input type="hidden" name="id" value={b.id} />
                            <input type="hidden" name="version" value={b.version} />
                          </ActionForm>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {w.canEdit && (
        <div className="no-print mt-4 grid gap-6 md:grid-cols-2">
          <div>
            <h3 className="mb-2 font-medium">新增投票站</h3>
            <ActionForm action={saveStationAction} submitLabel="新增投票站" resetOnSuccess>
              <input type="hidden" name="electionId" value={w.id} />
              <StationFields prefix="st-new" />
            </ActionForm>
          </div>
          {w.stations.length > 0 && (
            <div>
              <h3 className="mb-2 font-medium">新增票箱</h3>
              <ActionForm action={saveBoxAction} submitLabel="新增票箱" resetOnSuccess>
                <input type="hidden" name="electionId" value={w.id} />
                <BoxFields prefix="bx-new" stations={w.stations} />
              </ActionForm>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function ProxiesSection({ w }: { w: PollingSetupView }) {
  const limitNote = `每人接受委托不超过 ${w.rules.proxiesPerVoter} 人，候选人不得接受委托`;
  return (
    <section className="card overflow-x-auto">
      <h2 className="mb-2">委托投票（{w.proxies.length} 人）</h2>
      <p className="mb-2 text-xs text-slate-500" data-testid="proxy-limit">
        选举期间外出的选民可书面委托本村有选举权的近亲属代为投票，名单须公布。{limitNote}；受托人须按委托人意愿投票，不得转委托。
      </p>
      {w.proxies.length === 0 ? (
        <p className="text-sm text-slate-500">未登记。</p>
      ) : (
        <table data-testid="proxies">
          <thead>
            <tr>
              <th>委托人</th>
              <th>委托人身份证号码</th>
              <th>受托人</th>
              <th>受托人身份证号码</th>
              <th>关系</th>
              {w.canEdit && <th className="no-print">操作</th>}
            </tr>
          </thead>
          <tbody>
            {w.proxies.map((p) => (
              <tr key={p.id}>
                <td>{p.principalName}</td>
                <td className="font-mono">{p.principalIdNumber}</td>
                <td>{p.proxyName}</td>
                <td className="font-mono">{p.proxyIdNumber}</td>
                <td>{p.relation ? RELATION_LABEL[p.relation] : "—"}</td>
                {w.canEdit && (
                  <td className="no-print">
                    <ActionForm action={deleteProxyAction} inline submitLabel="删除" confirm={`确定删除「${p.principalName}」委托「${p.proxyName}」的登记吗？`}>
                      <input type="hidden" name="electionId" value={w.id} />
                      <input type="hidden" name="id" value={p.id} />
                    </ActionForm>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {w.canEdit && (
        <div className="no-print mt-4">
          <h3 className="mb-2 font-medium">登记委托投票</h3>
          <ActionForm action={addProxyAction} submitLabel="登记并录入下一条" resetOnSuccess className="grid max-w-3xl gap-3 sm:grid-cols-2">
            <input type="hidden" name="electionId" value={w.id} />
            <Field name="principalName" label="委托人姓名" id="px-principalName">
              <input id="px-principalName" name="principalName" required maxLength={50} data-autofocus autoComplete="off" />
            </Field>
            <Field name="principalIdNumber" label="委托人身份证号码" id="px-principalIdNumber">
              <input id="px-principalIdNumber" name="principalIdNumber" required maxLength={18} className="font-mono" autoComplete="off" />
            </Field>
            <Field name="proxyName" label="受托人姓名" id="px-proxyName">
              <input id="px-proxyName" name="proxyName" required maxLength={50} autoComplete="off" />
            </Field>
            <Field name="proxyIdNumber" label="受托人身份证号码" id="px-proxyIdNumber" hint={limitNote}>
              <input id="px-proxyIdNumber" name="proxyIdNumber" required maxLength={18} className="font-mono" autoComplete="off" />
            </Field>
            <Field name="relation" label="受托人与委托人的关系" id="px-relation">
              <select id="px-relation" name="relation" defaultValue="">
                <option value="">（未填写）</option>
                {RELATIONS.map((r) => (
                  <option key={r} value={r}>
                    {RELATION_LABEL[r]}
                  </option>
                ))}
              </select>
            </Field>
          </ActionForm>
        </div>
      )}
    </section>
  );
}

function StaffSection({ w, boxes }: { w: PollingSetupView; boxes: { id: string; name: string; stationName: string }[] }) {
  return (
    <section className="card overflow-x-auto">
      <h2 className="mb-2">监票人、唱票人、计票人（{w.staff.length} 人）</h2>
      <p className="mb-2 text-xs text-slate-500">候选人及其近亲属不得担任监票人、唱票人、计票人；每人只能登记一次。</p>
      {w.staff.length === 0 ? (
        <p className="text-sm text-slate-500">未登记。</p>
      ) : (
        <table data-testid="staff">
          <thead>
            <tr>
              <th>姓名</th>
              <th>身份证号码</th>
              <th>职责</th>
              <th>票箱</th>
              {w.canEdit && <th className="no-print">操作</th>}
            </tr>
          </thead>
          <tbody>
            {w.staff.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td className="font-mono">{s.idNumber}</td>
                <td>{STAFF_DUTY_LABEL[s.duty]}</td>
                <td>{s.boxName ?? "全场"}</td>
                {w.canEdit && (
                  <td className="no-print">
                    <ActionForm action={deleteStaffAction} inline submitLabel="删除" confirm={`确定删除「${s.name}」吗？`}>
                      <input type="hidden" name="electionId" value={w.id} />
                      <input type="hidden" name="id" value={s.id} />
                    </ActionForm>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {w.canEdit && (
        <div className="no-print mt-4">
          <h3 className="mb-2 font-medium">登记工作人员</h3>
          <ActionForm action={addStaffAction} submitLabel="登记并录入下一人" resetOnSuccess className="grid max-w-3xl gap-3 sm:grid-cols-2">
            <input type="hidden" name="electionId" value={w.id} />
            <Field name="name" label="姓名" id="sf-name">
              <input id="sf-name" name="name" required maxLength={50} data-autofocus autoComplete="off" />
            </Field>
            <Field name="idNumber" label="身份证号码" id="sf-idNumber">
              <input id="sf-idNumber" name="idNumber" required maxLength={18} className="font-mono" autoComplete="off" />
            </Field>
            <Field name="duty" label="职责" id="sf-duty">
              <select id="sf-duty" name="duty" defaultValue="MONITOR">
                {STAFF_DUTIES.map((d) => (
                  <option key={d} value={d}>
                    {STAFF_DUTY_LABEL[d]}
                  </option>
                ))}
              </select>
            </Field>
            <Field name="boxId" label="票箱" id="sf-boxId" hint="流动票箱的随箱监票人须指定该票箱">
              <select id="sf-boxId" name="boxId" defaultValue="">
                <option value="">全场（不指定票箱）</option>
                {boxes.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.stationName} · {b.name}
                  </option>
                ))}
              </select>
            </Field>
          </ActionForm>
        </div>
      )}
    </section>
  );
}

function DoubleEntrySection({ w }: { w: PollingSetupView }) {
  return (
    <section className="card text-sm" data-testid="double-entry">
      <h2 className="mb-2">计票单录入方式</h2>
      <p>
        现为<b>{w.doubleEntry ? "双人录入" : "单人录入"}</b>：
        {w.doubleEntry ? "每个票箱的计票单由两人分别录入，系统逐项核对，一致后才计入。" : "每个票箱的计票单录入一遍即计入。"}
        由县换届办设定，默认双人录入。
      </p>
      {w.canConfigure ? (
        <ActionForm
          action={setDoubleEntryAction}
          className="no-print mt-2"
          submitLabel={w.doubleEntry ? "改为单人录入" : "改为双人录入"}
          confirm={w.doubleEntry ? "改为单人录入后，计票单录入一遍即计入，不再核对。确定吗？" : "确定改为双人录入吗？"}
        >
          <input type="hidden" name="electionId" value={w.id} />
          <input type="hidden" name="doubleEntry" value={String(!w.doubleEntry)} />
        </ActionForm>
      ) : (
        w.hasTallies && !w.resultConfirmed && <p className="mt-1 text-slate-500">已开始录入计票单，录入方式不能再改。</p>
      )}
    </section>
  );
}
