// 新一届村(居)民委员会成员名册: the confirmed committee with each member's particulars, reported to the
// township and filed in the archive (docs/rules/records-and-certificates.md, "新当选的村民委员会成员名单"). A plain component
// styled only by ROSTER_CSS, like the certificate, so the archive can print it too.
import { chineseDay } from "@/lib/domain/days";
import { GENDER_LABEL, POST_LABEL, type Gender, type Post } from "@/lib/domain/people";

export type RosterMember = {
  post: Post;
  name: string;
  gender: Gender;
  /** On election day; null for a write-in winner (no personal record). */
  age: number | null;
  ethnicity: string | null;
  education: string | null;
  political: string | null;
  writeIn: boolean;
};

export type CommitteeRosterProps = {
  unitName: string;
  unitKind: string;
  campaignName: string;
  /** "YYYY-MM-DD" */
  electionDay: string;
  members: RosterMember[];
};

export const ROSTER_CSS = `
.roster { box-sizing: border-box; max-width: 210mm; margin: 0 auto 8mm; padding: 15mm; background: #fff; color: #000;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "Noto Sans CJK SC", serif; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
.roster h1 { margin: 0 0 2mm; text-align: center; font-size: 20pt; font-weight: 700; letter-spacing: .1em; }
.roster .roster-sub { margin: 0 0 5mm; text-align: center; font-size: 11pt; }
.roster table { width: 100%; border-collapse: collapse; font-size: 11pt; }
.roster th, .roster td { border: .3mm solid #000; padding: 2mm 1.5mm; text-align: center; vertical-align: middle; background: #fff; color: #000; font-weight: normal; }
.roster th { font-weight: 700; }
.roster .roster-note { margin: 3mm 0 0; font-size: 10pt; }
.roster .roster-sign { display: flex; justify-content: space-between; margin-top: 14mm; font-size: 11pt; }
.roster .roster-sign p { margin: 0; }
@media print { .roster { max-width: none; margin: 0; padding: 0; box-shadow: none; } }
`;

const dash = "—";

export function CommitteeRoster({ unitName, unitKind, campaignName, electionDay, members }: CommitteeRosterProps) {
  const committee = unitKind === "COMMUNITY" ? "居民委员会" : "村民委员会";
  const election = unitKind === "COMMUNITY" ? "居民" : "村民";
  const writeIns = members.some((m) => m.writeIn);
  return (
    <article className="roster" data-testid="committee-roster" lang="zh-CN">
      <h1>
        {unitName}新一届{committee}成员名册
      </h1>
      <p className="roster-sub">
        {campaignName} · 选举日 {chineseDay(electionDay)}
      </p>
      <table>
        <thead>
          <tr>
            <th>序号</th>
            <th>职务</th>
            <th>姓名</th>
            <th>性别</th>
            <th>年龄</th>
            <th>民族</th>
            <th>文化程度</th>
            <th>政治面貌</th>
            <th>备注</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m, i) => (
            <tr key={`${m.post}-${m.name}-${i}`}>
              <td>{i + 1}</td>
              <td>{POST_LABEL[m.post]}</td>
              <td>{m.name}</td>
              <td>{GENDER_LABEL[m.gender]}</td>
              <td>{m.age ?? dash}</td>
              <td>{m.ethnicity ?? dash}</td>
              <td>{m.education ?? dash}</td>
              <td>{m.political ?? dash}</td>
              <td>{m.writeIn ? "另选他人当选" : ""}</td>
            </tr>
          ))}
          {members.length === 0 && (
            <tr>
              <td colSpan={9}>无当选人员</td>
            </tr>
          )}
        </tbody>
      </table>
      {writeIns && <p className="roster-note">注：另选他人当选者不在正式候选人名单中，其年龄、民族等情况请据实补填。</p>}
      <div className="roster-sign">
        <p>{election}选举委员会（印章）</p>
        <p>填报人：</p>
        <p>填报日期：　　年　　月　　日</p>
      </div>
    </article>
  );
}
