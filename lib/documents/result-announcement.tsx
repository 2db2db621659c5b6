// The result announced on the spot (当场公布, docs/rules/records-and-certificates.md; CXQ announcement 16). A plain
// component of the result data, so the page and the archive package print the same thing.
import { chineseDay, dayOf } from "@/lib/domain/days";
import { POST_LABEL, POSTS } from "@/lib/domain/people";
import type { ElectionResultView } from "@/lib/domain/result-view";

export function ResultAnnouncement({ r }: { r: ElectionResultView }) {
  const community = r.unit.kind === "COMMUNITY";
  const body = community ? "居民" : "村民";
  const decided = r.rounds.filter((x) => x.decided && x.figures);
  return (
    <article className="card space-y-4 bg-white p-10 text-[15px] leading-7" data-testid="result-announcement">
      <h1 className="text-center text-2xl font-bold tracking-widest">
        {r.unit.name}
        {body}委员会选举结果公告
      </h1>
      <p className="indent-8">
        根据《中华人民共和国{community ? "城市居民委员会" : "村民委员会"}组织法》和本{community ? "社区" : "村"}选举办法，
        {r.unit.name}于 {chineseDay(dayOf(r.electionDay))} 召开选举大会，以无记名投票、公开计票的方式选举{body}委员会成员。
      </p>
      {decided.map((round) => (
        <p key={round.id} className="indent-8">
          {round.label}：登记选民 {round.figures!.registered} 人，发出选票 {round.figures!.issued} 张，收回选票 {round.figures!.returned} 张， 其中有效票{" "}
          {round.figures!.valid} 张、无效票 {round.figures!.invalid} 张。
          {round.decision!.valid ? "投票人数超过登记选民的半数，选举有效。" : "本轮选举无效。"}
        </p>
      ))}
      {r.members.length > 0 && (
        <>
          <p className="indent-8">
            经公开唱票、计票，下列人员当选为{r.unit.name}
            {body}委员会成员：
          </p>
          {POSTS.filter((p) => r.members.some((m) => m.post === p)).map((p) => (
            <p key={p} className="indent-8">
              {POST_LABEL[p]}：
              {r.members
                .filter((m) => m.post === p)
                .map((m) => `${m.name}（得 ${m.votes} 票）`)
                .join("、")}
            </p>
          ))}
        </>
      )}
      {r.vacancies.length > 0 && <p className="indent-8">{r.vacancies.map((v) => `${POST_LABEL[v.post]} ${v.seats} 名`).join("、")}未选出，依法另行选举。</p>}
      <p className="indent-8">特此公告。</p>
      <div className="mt-10 text-right leading-8">
        <p>
          {r.unit.name}
          {body}选举委员会（印章）
        </p>
        <p>{chineseDay(dayOf(r.electionDay))}</p>
      </div>
    </article>
  );
}
