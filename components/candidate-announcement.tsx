// The printable candidate-list announcement (初步 / 正式候选人名单公告). A preliminary list that still
// has errors prints only as a draft: a 草稿 watermark on every printed page and a note under the title.
import { addDays, chineseDay } from "@/lib/domain/days";
import { ageOn } from "@/lib/domain/nomination-rules";
import { educationName, GENDER_LABEL, POLITICAL_LABEL, POST_LABEL, POSTS, type Gender, type PoliticalStatus, type Post } from "@/lib/domain/people";

export type AnnouncementCandidate = {
  id: string;
  post: Post;
  formalRank: number | null;
  person: { name: string; gender: Gender; birthDate: string; education: string; political: PoliticalStatus };
};

export function CandidateAnnouncement({
  unitName,
  community,
  formal,
  draft,
  errors = 0,
  electionDay,
  today,
  seats,
  candidates,
}: {
  unitName: string;
  community: boolean;
  /** The county has published the formal list: this prints it (正式候选人名单). */
  formal: boolean;
  /** A preliminary list with errors (lib/domain/announcement.ts isDraftAnnouncement). */
  draft: boolean;
  errors?: number;
  electionDay: string;
  today: string;
  seats: Record<Post, number>;
  candidates: AnnouncementCandidate[];
}) {
  const body = community ? "居民" : "村民";
  const kind = formal ? "正式候选人" : "初步候选人";
  const shown = formal ? candidates.filter((c) => c.formalRank !== null) : candidates;
  return (
    <article className={`card relative space-y-4 bg-white p-10 text-[15px] leading-7${draft ? " is-draft" : ""}`} data-testid="announcement">
      {draft && (
        <div className="draft-watermark" data-testid="draft-watermark" aria-hidden="true">
          草稿
        </div>
      )}
      <h1 className="text-center text-2xl font-bold tracking-widest">
        {draft ? "【草稿】" : ""}
        {unitName}
        {body}委员会换届选举
        <br />
        {kind}名单公告
      </h1>
      {draft && (
        <p className="draft-note" role="note">
          草稿：名单仍有 {errors} 项错误，改正前仅供核对，不得张贴公布。
        </p>
      )}
      <p className="indent-8">
        根据《中华人民共和国{community ? "城市居民委员会" : "村民委员会"}组织法》和本{community ? "社区" : "村"}选举办法，经{body}提名
        {formal ? "，并经乡镇(街道)和县级资格审查" : ""}，现将{unitName}
        {body}委员会成员{kind}名单（按姓氏笔画排序）公告如下：
      </p>
      {POSTS.filter((p) => seats[p] > 0).map((post) => {
        const list = shown.filter((c) => c.post === post);
        return (
          <section key={post}>
            <h2 className="font-bold">
              {POST_LABEL[post]}
              {kind}（应选 {seats[post]} 名）：
            </h2>
            <table className="mt-1">
              <thead>
                <tr>
                  <th>姓名</th>
                  <th>性别</th>
                  <th>年龄</th>
                  <th>文化程度</th>
                  <th>政治面貌</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <td>{c.person.name}</td>
                    <td>{GENDER_LABEL[c.person.gender]}</td>
                    <td>{ageOn(c.person.birthDate, electionDay)}</td>
                    <td>{educationName(c.person.education)}</td>
                    <td>{POLITICAL_LABEL[c.person.political]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
      <p className="indent-8">
        {formal ? "" : `对上述名单有异议的，请于 ${chineseDay(addDays(today, 3))} 前向${unitName}${body}选举委员会反映。`}选举日定于 {chineseDay(electionDay)}。
      </p>
      <div className="pt-10 text-right">
        <p>
          {unitName}
          {body}选举委员会
        </p>
        <p className="mt-1 inline-block min-w-40 border border-dashed border-slate-300 px-4 py-6 text-center text-xs text-slate-400">（盖章）</p>
        <p>{chineseDay(today)}</p>
      </div>
    </article>
  );
}
