import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { Chart } from "@/components/chart";
import { PrintButton } from "@/components/print-button";
import { agePyramidChart, percent, structureChart, turnoutChart } from "@/components/statistics-charts";
import { EDUCATION_LEVELS } from "@/lib/domain/people";
import { COMMITTEE_KIND_LABEL, COMMITTEE_KINDS } from "@/lib/domain/province-dashboard";
import { UNIT_LEVELS } from "@/lib/domain/units";
import { STATISTIC_DEFINITIONS, type Figures, type Share, type StatisticKey, type TownshipStatistics } from "@/lib/domain/statistics";
import { requirePermission } from "@/lib/server/auth/actor";
import { getStatistics, getStatisticsOptions } from "@/lib/server/oversight/statistics";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "统计分析" };

export const dynamic = "force-dynamic";

type Search = { term?: string; unit?: string };

/** A figure's name with its definition on hover (title) and for screen readers. */
function Term({ k, children }: { k: StatisticKey; children?: ReactNode }) {
  const d = STATISTIC_DEFINITIONS[k];
  return (
    <span title={d.definition} className="cursor-help">
      {children ?? d.label}
      <span aria-hidden className="ml-0.5 text-xs text-slate-400 print:hidden">
        ⓘ
      </span>
      <span className="sr-only">（{d.definition}）</span>
    </span>
  );
}

function Figure({ k, value, detail }: { k: StatisticKey; value: ReactNode; detail?: ReactNode }) {
  return (
    <div className="card break-inside-avoid" data-figure={k}>
      <div className="text-sm text-slate-600">
        <Term k={k} />
      </div>
      <div className="text-2xl font-semibold">{value}</div>
      {detail && <div className="mt-1 text-xs text-slate-600">{detail}</div>}
    </div>
  );
}

const shareText = (s: Share | null) => (s ? `${s.count} 人（${percent(s.share)}）` : "—");

/** Indentation in the unit chooser: a province lists its cities, counties and townships as a tree. */
const depth = (level: string) => (UNIT_LEVELS as readonly string[]).indexOf(level);

/** College or above (GB/T 4658 10 研究生, 20 本科, 30 专科): the education figure reports quote. */
const COLLEGE = ["10", "20", "30"];
const college = (f: Figures): Share => {
  const count = COLLEGE.reduce((n, c) => n + (f.education[c] ?? 0), 0);
  return { count, share: f.members.total ? count / f.members.total : null };
};

/** The headline figures for villages, communities and both: one row per figure, 村 / 社区 / 合计. */
const KIND_ROWS: { k: StatisticKey; label: string; cell: (f: Figures) => ReactNode }[] = [
  { k: "committees", label: "选出村(居)委会", cell: (f) => `${f.committees} 个` },
  { k: "members", label: "当选成员", cell: (f) => `${f.members.total} 人` },
  { k: "dualRole", label: "“一肩挑”", cell: (f) => `${f.dualRole.count} 个（${percent(f.dualRole.rate)}）` },
  { k: "partyMembers", label: "党员成员", cell: (f) => shareText(f.partyMembers) },
  { k: "women", label: "妇女成员", cell: (f) => shareText(f.women) },
  { k: "women", label: "女性主任", cell: (f) => `${f.women.directors} 人（${percent(f.women.directorShare)}）` },
  { k: "under35", label: "35岁以下", cell: (f) => shareText(f.under35) },
  { k: "under40", label: "40岁以下", cell: (f) => shareText(f.under40) },
  { k: "averageAge", label: "平均年龄", cell: (f) => (f.averageAge === null ? "—" : `${f.averageAge} 岁`) },
  { k: "averageAgeChange", label: "平均年龄较上届", cell: (f) => signed(f.averageAgeChange) },
  { k: "education", label: "大专及以上学历", cell: (f) => shareText(college(f)) },
  { k: "minority", label: "少数民族成员", cell: (f) => shareText(f.minority) },
  { k: "turnout", label: "参选率", cell: (f) => percent(f.turnout?.rate) },
  {
    k: "firstRoundElected",
    label: "一次性选举成功",
    cell: (f) => (f.firstRoundElected ? `${f.firstRoundElected.count} 个（${percent(f.firstRoundElected.share)}）` : "—"),
  },
  { k: "incumbents", label: "连选连任", cell: (f) => (f.incumbents ? `${f.incumbents.reelected} 人（${percent(f.incumbents.share)}）` : "—") },
];
const signed = (n: number | null) => (n === null ? "—" : `${n > 0 ? "+" : ""}${n} 岁`);

/** 统计分析: the figures county reports publish, for the unit and per township, with charts; printable. */
export default async function StatisticsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePermission("oversight.view");
  const sp = await searchParams;
  const options = await getStatisticsOptions(actor);
  if (!options) notFound();
  const term = options.terms.find((t) => t.name === sp.term)?.name ?? options.terms.find((t) => t.kind === "campaign")?.name ?? options.terms[0]?.name;
  const unit = options.units.find((u) => u.code === sp.unit) ?? options.units[0]!;
  const s = term ? await getStatistics(actor, { unitCode: unit.code, termName: term }) : null;

  const chooser = (
    <form method="get" className="no-print flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1">
        届别
        <select name="term" defaultValue={term}>
          {options.terms.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
              {t.kind === "pastTerm" ? "（导入的往届）" : ""}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        单位
        <select name="unit" defaultValue={unit.code}>
          {options.units.map((u) => (
            <option key={u.code} value={u.code}>
              {"　".repeat(Math.max(0, depth(u.level) - depth(options.units[0]!.level)))}
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn-secondary">
        查看
      </button>
      <span className="ml-auto flex gap-2">
        {s && (
          <a className="btn-secondary" href={`/api/v1/units/${unit.code}/statistics?term=${encodeURIComponent(s.campaign)}`}>
            JSON 数据
          </a>
        )}
        <PrintButton />
      </span>
    </form>
  );

  if (!term || !s) {
    return (
      <div className="space-y-4">
        <h1>统计分析</h1>
        {chooser}
        <p className="text-sm text-slate-600">{term ? `${unit.name}没有「${term}」的数据。` : "本县还没有换届选举，也没有导入的往届数据。"}</p>
      </div>
    );
  }

  const charts = [
    { title: "参选率分布（各村(社区)）", spec: turnoutChart(s) },
    { title: "当选成员年龄结构", spec: agePyramidChart(s) },
    { title: `结构对比：${s.previousTerm?.names.join("、") ?? "上届"}与本届`, spec: structureChart(s) },
  ];
  const education = EDUCATION_LEVELS.map((e) => ({ ...e, count: s.education[e.code] ?? 0 }));
  const rows: TownshipStatistics[] = s.byTownship;

  return (
    <div className="space-y-6" data-testid="statistics">
      <div>
        <h1>
          {s.unit.name} {s.campaign} 统计分析
        </h1>
        <p className="text-sm text-slate-600">
          根据县级认定的选举结果和人员信息自动计算，不可手工填写。
          {s.source === "pastTerm" ? "本届为导入的往届数据，没有投票和联审记录。" : ""}
          {s.uncertified ? `另有 ${s.uncertified} 个村(社区)的结果尚未认定，未计入。` : ""}
        </p>
      </div>
      {chooser}

      <section className="grid grid-cols-2 gap-3 md:grid-cols-4 print:grid-cols-4" aria-label="主要指标">
        <Figure k="committees" value={s.committees} detail={s.uncertified ? `结果未认定 ${s.uncertified} 个` : undefined} />
        <Figure k="members" value={`${s.members.total} 人`} detail={`主任 ${s.members.director} · 副主任 ${s.members.deputy} · 委员 ${s.members.member}`} />
        <Figure
          k="dualRole"
          value={percent(s.dualRole.rate)}
          detail={`一肩挑 ${s.dualRole.count} 个${s.dualRole.deferred === null ? "" : ` · 暂缓 ${s.dualRole.deferred} 个`}`}
        />
        <Figure k="partyMembers" value={percent(s.partyMembers.share)} detail={`${s.partyMembers.count} 人`} />
        <Figure
          k="women"
          value={percent(s.women.share)}
          detail={`${s.women.count} 人 · 有女性成员的村(社区) ${s.women.unitsWithWoman} 个 · 女性主任 ${s.women.directors} 人（${percent(s.women.directorShare)}）`}
        />
        <Figure k="under35" value={percent(s.under35.share)} detail={`${s.under35.count} 人`} />
        <Figure k="under40" value={percent(s.under40.share)} detail={`${s.under40.count} 人`} />
        <Figure
          k="averageAge"
          value={s.averageAge === null ? "—" : `${s.averageAge} 岁`}
          detail={<Term k="averageAgeChange">较上届 {signed(s.averageAgeChange)}</Term>}
        />
        <Figure k="minority" value={percent(s.minority.share)} detail={`${s.minority.count} 人`} />
        <Figure
          k="turnout"
          value={percent(s.turnout?.rate)}
          detail={s.turnout ? `投票 ${s.turnout.voted.toLocaleString("zh-CN")} / 登记 ${s.turnout.registered.toLocaleString("zh-CN")} 人` : "无计票记录"}
        />
        <Figure
          k="firstRoundElected"
          value={s.firstRoundElected ? `${s.firstRoundElected.count} 个` : "—"}
          detail={s.firstRoundElected ? percent(s.firstRoundElected.share) : "无投票记录"}
        />
        <Figure
          k="incumbents"
          value={s.incumbents ? `${s.incumbents.reelected} / ${s.incumbents.new}` : "—"}
          detail={
            s.incumbents ? `连选连任 ${s.incumbents.reelected} 人（${percent(s.incumbents.share)}）· 新当选 ${s.incumbents.new} 人` : "系统中没有上届数据"
          }
        />
      </section>

      <section className="card break-inside-avoid overflow-x-auto" aria-label="村与社区">
        <h2 className="mb-2 text-base">村、社区分别统计</h2>
        <table data-testid="statistics-by-kind">
          <thead>
            <tr>
              <th>指标</th>
              {COMMITTEE_KINDS.map((kind) => (
                <th key={kind}>{COMMITTEE_KIND_LABEL[kind]}</th>
              ))}
              <th>合计</th>
            </tr>
          </thead>
          <tbody>
            {KIND_ROWS.map((r) => (
              <tr key={r.label} data-row={r.label}>
                <td>
                  <Term k={r.k}>{r.label}</Term>
                </td>
                {COMMITTEE_KINDS.map((kind) => (
                  <td key={kind}>{r.cell(s.byKind[kind])}</td>
                ))}
                <td className="font-medium">{r.cell(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="grid gap-4 md:grid-cols-2 print:grid-cols-1">
        {charts.map((c) =>
          c.spec ? (
            <div key={c.title} className="card">
              <Chart title={c.title} option={c.spec.option} table={c.spec.table} />
            </div>
          ) : null,
        )}
        <div className="card break-inside-avoid">
          <h2 className="mb-2 text-base">
            <Term k="education" />
          </h2>
          <table>
            <thead>
              <tr>
                <th>文化程度</th>
                <th>人数</th>
                <th>占比</th>
              </tr>
            </thead>
            <tbody>
              {education.map((e) => (
                <tr key={e.code}>
                  <td>{e.name}</td>
                  <td>{e.count}</td>
                  <td>{percent(s.members.total ? e.count / s.members.total : null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {s.vetting && (
        <section className="card space-y-3 break-inside-avoid" aria-label="资格联审">
          <h2 className="text-base">资格联审</h2>
          <p className="text-sm">
            <Term k="vettingCandidates">联审 {s.vetting.candidates} 人</Term>：通过 {s.vetting.approved} 人，不通过 {s.vetting.rejected} 人，未决定{" "}
            {s.vetting.undecided} 人；
            <Term k="blockedByRecusal">近亲属回避 {s.vetting.blockedByRecusal} 人</Term>
          </p>
          <div className="grid gap-4 md:grid-cols-2">
            <table>
              <caption className="text-left text-sm font-medium">
                <Term k="disqualifiedByCondition" />
              </caption>
              <thead>
                <tr>
                  <th>条目</th>
                  <th>人数</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(s.vetting.disqualifiedByCondition).map(([code, n]) => (
                  <tr key={code}>
                    <td>
                      {code} {options.conditions[code] ?? ""}
                    </td>
                    <td>{n}</td>
                  </tr>
                ))}
                {!Object.keys(s.vetting.disqualifiedByCondition).length && (
                  <tr>
                    <td colSpan={2} className="text-slate-500">
                      无
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            <table>
              <caption className="text-left text-sm font-medium">
                <Term k="departmentTurnaround" />
              </caption>
              <thead>
                <tr>
                  <th>部门</th>
                  <th>办理人次</th>
                  <th>平均用时（天）</th>
                </tr>
              </thead>
              <tbody>
                {s.vetting.departments.map((d) => (
                  <tr key={d.name}>
                    <td>{d.name}</td>
                    <td>{d.answered}</td>
                    <td>{d.averageDays ?? "—"}</td>
                  </tr>
                ))}
                {!s.vetting.departments.length && (
                  <tr>
                    <td colSpan={3} className="text-slate-500">
                      尚无部门意见
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {rows.length > 0 && (
        <section className="space-y-2" aria-label="分乡镇统计">
          <h2>分乡镇(街道)统计</h2>
          <div className="overflow-x-auto">
            <table data-testid="statistics-townships">
              <thead>
                <tr>
                  <th>乡镇(街道)</th>
                  <th>
                    <Term k="committees">选出</Term>
                  </th>
                  <th>
                    <Term k="members">成员</Term>
                  </th>
                  <th>
                    <Term k="dualRole">一肩挑(率)</Term>
                  </th>
                  <th>
                    <Term k="partyMembers">党员占比</Term>
                  </th>
                  <th>
                    <Term k="women">妇女成员</Term>
                  </th>
                  <th>
                    <Term k="under35">35岁以下</Term>
                  </th>
                  <th>
                    <Term k="averageAge">平均年龄</Term>
                  </th>
                  <th>
                    <Term k="minority">少数民族</Term>
                  </th>
                  <th>
                    <Term k="turnout">参选率</Term>
                  </th>
                  <th>
                    <Term k="firstRoundElected">一次性选举成功</Term>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((t) => (
                  <tr key={t.township.code}>
                    <td>{t.township.name}</td>
                    <td>
                      {t.committees}
                      {t.uncertified ? <span className="text-xs text-slate-500">（未认定 {t.uncertified}）</span> : null}
                    </td>
                    <td>{t.members.total}</td>
                    <td>
                      {t.dualRole.count}（{percent(t.dualRole.rate)}）
                      {t.dualRole.deferred ? <span className="text-xs text-slate-500"> 暂缓 {t.dualRole.deferred}</span> : null}
                    </td>
                    <td>{percent(t.partyMembers.share)}</td>
                    <td>
                      {shareText(t.women)}
                      <span className="text-xs text-slate-500"> · 有女性 {t.women.unitsWithWoman} 村</span>
                    </td>
                    <td>{percent(t.under35.share)}</td>
                    <td>{t.averageAge ?? "—"}</td>
                    <td>{percent(t.minority.share)}</td>
                    <td>{percent(t.turnout?.rate)}</td>
                    <td>{t.firstRoundElected ? `${t.firstRoundElected.count}（${percent(t.firstRoundElected.share)}）` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {s.turnoutByUnit.length > 0 && (
        <details className="card">
          <summary className="cursor-pointer text-sm font-medium">
            <Term k="turnout">各村(社区)参选率</Term>（{s.turnoutByUnit.length} 个）
          </summary>
          <table className="mt-2">
            <thead>
              <tr>
                <th>乡镇(街道)</th>
                <th>村(社区)</th>
                <th>登记选民</th>
                <th>参加投票</th>
                <th>参选率</th>
              </tr>
            </thead>
            <tbody>
              {s.turnoutByUnit.map((r) => (
                <tr key={r.code}>
                  <td>{r.township ?? ""}</td>
                  <td>{r.name}</td>
                  <td>{r.registered}</td>
                  <td>{r.voted}</td>
                  <td>{percent(r.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}

      <section className="text-xs text-slate-600" aria-label="指标口径">
        <h2 className="mb-1 text-sm">指标口径</h2>
        <dl className="grid gap-x-4 gap-y-1 md:grid-cols-2 print:grid-cols-1">
          {Object.entries(STATISTIC_DEFINITIONS).map(([k, d]) => (
            <div key={k}>
              <dt className="inline font-medium">{d.label}：</dt>
              <dd className="inline">{d.definition}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
