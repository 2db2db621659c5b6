// Renders the printed papers to HTML and checks what a person holding the paper would see.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { firstRoundBallot, sectionTitle } from "@/lib/domain/ballot";
import { tallySheetLayout } from "@/lib/domain/ballot-paper";
import { FIELD, WRITE_IN_LINES } from "@/lib/domain/tally";
import { BallotPaper } from "./ballot-paper";
import { TallySheetPaper } from "./tally-sheet-paper";
import { VillagePapers } from "./village-papers";

const ballot = firstRoundBallot({ DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 1 }, [
  { id: "d1", name: "王五", gender: "MALE", post: "DIRECTOR" },
  { id: "d2", name: "丁一", gender: "MALE", post: "DIRECTOR" },
  { id: "m1", name: "李四", gender: "MALE", post: "MEMBER" },
  { id: "m2", name: "张三", gender: "MALE", post: "MEMBER" },
  { id: "m3", name: "赵六", gender: "MALE", post: "MEMBER" },
  { id: "w1", name: "刘芳", gender: "FEMALE", post: "WOMEN_MEMBER" },
  { id: "w2", name: "陈红", gender: "FEMALE", post: "WOMEN_MEMBER" },
]);

const text = (html: string) => html.replace(/<[^>]+>/g, "|");
const count = (html: string, s: string) => html.split(s).length - 1;

describe("BallotPaper", () => {
  const html = renderToStaticMarkup(
    <BallotPaper
      unitName="甲一村"
      unitKind="VILLAGE"
      campaignName="第十二届村(居)民委员会换届选举"
      roundLabel="第一次投票"
      electionDay="2026-12-20"
      ballot={ballot}
    />,
  );

  it("prints the title, the round, the instructions, the seal and the date", () => {
    expect(html).toContain("甲一村第十二届村民委员会成员选举选票");
    expect(html).toContain("（第一次投票）");
    expect(html).toContain("填写说明");
    expect(html).toContain("（村民选举委员会印章）");
    expect(html).toContain("2026年12月20日");
  });

  it("prints the sections in post order with their seats, names in the ballot's order", () => {
    const t = text(html);
    expect(ballot.sections.map((s) => s.post)).toEqual(["director", "member", "womenMember"]);
    const titles = ballot.sections.map((s) => t.indexOf(sectionTitle(s)));
    for (const i of titles) expect(i).toBeGreaterThan(-1);
    expect([...titles].sort((a, b) => a - b)).toEqual(titles);
    const names = ballot.sections.flatMap((s) => s.candidates.map((c) => c.name));
    const positions = names.map((n) => t.indexOf(`|${n}|`));
    expect(positions.every((p) => p > -1)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("gives every name a mark box and every seat a write-in line", () => {
    expect(count(html, 'data-testid="ballot-candidate"')).toBe(7);
    expect(count(html, 'data-testid="ballot-write-in"')).toBe(1 + 2 + 1);
    expect(count(html, "mark-box")).toBe(7 + 4);
  });

  it("says 居民委员会 for a community", () => {
    const c = renderToStaticMarkup(
      <BallotPaper unitName="东门社区" unitKind="COMMUNITY" campaignName="换届" roundLabel="第一次投票" electionDay="2026-12-20" ballot={ballot} />,
    );
    expect(c).toContain("东门社区居民委员会成员选举选票");
    expect(c).toContain("（居民选举委员会印章）");
    expect(c).not.toContain("村民委员会");
  });
});

describe("TallySheetPaper", () => {
  it("lays out a blank sheet in the entry form's order, with its field names", () => {
    const html = renderToStaticMarkup(
      <TallySheetPaper unitName="甲一村" roundLabel="另行选举（第2轮）" ballot={ballot} boxName="1号票箱" stationName="中心会场" />,
    );
    const t = text(html);
    expect(html).toContain("甲一村另行选举（第2轮）计票单");
    expect(t).toContain("1号票箱");
    expect(t).toContain("中心会场");
    const order = [
      "选票情况",
      "发出选票（张）",
      "收回选票（张）",
      "无效票（张）",
      "有效票（张）= 收回 − 无效",
      ...ballot.sections.map(sectionTitle),
      "每栏得票合计不得超过 有效票 × 应选名额",
      "监票人（签名）",
      "唱票人（签名）",
      "计票人（签名）",
    ].map((x) => t.indexOf(x));
    expect(order.every((i) => i > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(count(html, 'data-testid="tally-candidate"')).toBe(7);
    expect(count(html, 'data-testid="tally-write-in"')).toBe(3 * WRITE_IN_LINES);
    expect(count(html, "本栏合计")).toBe(3);
    for (const f of [FIELD.issued, FIELD.returned, FIELD.invalid, FIELD.vote("director", "d1"), FIELD.writeIn("member", WRITE_IN_LINES - 1, "votes")]) {
      expect(html).toContain(`data-field="${f}"`);
    }
  });

  it("sizes every row by the page layout, and offers only 女 in a women-only section", () => {
    const html = renderToStaticMarkup(<TallySheetPaper unitName="甲一村" roundLabel="第一次投票" ballot={ballot} />);
    const layout = tallySheetLayout(
      ballot.sections.map((s) => ({ candidates: s.candidates.length })),
      WRITE_IN_LINES,
    );
    expect(html).toContain(`data-columns="${layout.columns}"`);
    const rows = 4 + ballot.sections.reduce((n, s) => n + s.candidates.length + WRITE_IN_LINES + 3, 0);
    const trs = html.match(/<tr[\s>][^>]*/g) ?? [];
    expect(trs).toHaveLength(rows);
    expect(trs.every((tr) => tr.includes(`style="height:${layout.rowMm}mm"`))).toBe(true);
    const women = html.slice(html.indexOf('data-post="womenMember"'));
    expect(count(women, "男 / 女")).toBe(0);
    expect(count(html, "男 / 女")).toBe(2 * WRITE_IN_LINES);
  });

  it("leaves the box and station to be written in when not given", () => {
    const html = renderToStaticMarkup(<TallySheetPaper unitName="甲一村" roundLabel="第一次投票" ballot={ballot} />);
    expect(text(html)).toMatch(/票箱：\|+\u00a0\|/);
  });
});

describe("VillagePapers", () => {
  it("prints the ballot first, then one sheet per entry, as sibling pages", () => {
    const html = renderToStaticMarkup(
      <div>
        <VillagePapers
          unitName="甲一村"
          unitKind="VILLAGE"
          campaignName="第十二届"
          roundLabel="第一次投票"
          electionDay="2026-12-20"
          ballot={ballot}
          sheets={[{ boxName: "1号票箱" }, { boxName: "流动票箱" }]}
        />
      </div>,
    );
    expect(html.indexOf('data-testid="ballot-paper"')).toBeLessThan(html.indexOf('data-testid="tally-sheet"'));
    expect(count(html, '<article class="paper')).toBe(3);
    expect(html).toContain("流动票箱");
  });
});
