import { notFound } from "next/navigation";
import { z } from "zod";
import { PrintButton } from "@/components/print-button";
import { addDays, chineseDay, todayInChina } from "@/lib/domain/days";
import { ageOn } from "@/lib/domain/nomination-rules";
import { educationName, GENDER_LABEL, POLITICAL_LABEL, POST_LABEL, POSTS } from "@/lib/domain/people";
import { requirePermission } from "@/lib/server/auth/actor";
import { getElectionWorkspace } from "@/lib/server/nomination/candidates";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("候选人名单公告", "id");

/** The printable 初步候选人名单 announcement: per post, names in 姓氏笔画 order. */
export default async function AnnouncementPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("candidate.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const w = await getElectionWorkspace(actor, id);
  if (!w) notFound();
  const community = w.unit.kind === "COMMUNITY";
  const body = community ? "居民" : "村民";
  const today = todayInChina();
  const { seats } = w;
  // Once the county has published the formal list, this page prints it (正式候选人名单).
  const formal = w.listStatus === "FORMAL";
  const kind = formal ? "正式候选人" : "初步候选人";
  const shown = formal ? w.candidates.filter((c) => c.formalRank !== null) : w.candidates;
  return (
    <div className="mx-auto max-w-3xl">
      <div className="no-print mb-4 flex justify-end">
        <PrintButton />
      </div>
      <article className="card space-y-4 bg-white p-10 text-[15px] leading-7" data-testid="announcement">
        <h1 className="text-center text-2xl font-bold tracking-widest">
          {w.unit.name}{body}委员会换届选举
          <br />
          {kind}名单公告
        </h1>
        <p className="indent-8">
          根据《中华人民共和国{community ? "城市居民委员会" : "村民委员会"}组织法》和本{community ? "社区" : "村"}选举办法，经{body}提名
          {formal ? "，并经乡镇(街道)和县级资格审查" : ""}，现将{w.unit.name}
          {body}委员会成员{kind}名单（按姓氏笔画排序）公告如下：
        </p>
        {POSTS.filter((p) => seats[p] > 0).map((post) => {
          const list = shown.filter((c) => c.post === post);
          return (
            <section key={post}>
              <h2 className="font-bold">
                {POST_LABEL[post]}{kind}（应选 {seats[post]} 名）：
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
                      <td>{ageOn(c.person.birthDate, w.electionDay)}</td>
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
          {formal ? "" : `对上述名单有异议的，请于 ${chineseDay(addDays(today, 3))} 前向${w.unit.name}${body}选举委员会反映。`}选举日定于 {chineseDay(w.electionDay)}。
        </p>
        <div className="pt-10 text-right">
          <p>
            {w.unit.name}
            {body}选举委员会
          </p>
          <p className="mt-1 inline-block min-w-40 border border-dashed border-slate-300 px-4 py-6 text-center text-xs text-slate-400">（盖章）</p>
          <p>{chineseDay(today)}</p>
        </div>
      </article>
    </div>
  );
}
