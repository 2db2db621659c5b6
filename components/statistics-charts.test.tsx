import { describe, expect, it } from "vitest";
import { computeStatistics, type CommitteeFacts } from "@/lib/domain/statistics";
import { agePyramidChart, percent, structureChart, turnoutChart } from "./statistics-charts";

const committee = (code: string, registered: number, voted: number, birthDates: [string, "MALE" | "FEMALE"][], electionDay = "2026-03-15"): CommitteeFacts => ({
  unitCode: code,
  unitName: code,
  kind: "village",
  township: null,
  certified: true,
  electionDay,
  dualRolePlan: "PLANNED",
  seats: birthDates.length,
  turnout: { registered, voted },
  members: birthDates.map(([birthDate, gender], i) => ({
    name: `${code}${i}`,
    post: i === 0 ? "DIRECTOR" : "MEMBER",
    gender,
    birthDate,
    ethnicity: "01",
    education: "60",
    political: "MASSES",
    partySecretary: false,
    runoff: false,
  })),
});

const s = computeStatistics({
  unit: { code: "1", name: "甲县" },
  campaign: "第十二届",
  source: "campaign",
  vetting: null,
  townships: [],
  committees: [
    committee("A", 100, 91, [
      ["1990-01-01", "MALE"],
      ["1995-06-01", "FEMALE"],
    ]),
    committee("B", 100, 72, [["1960-01-01", "MALE"]]),
  ],
  previous: { names: ["第十一届"], committees: [committee("A", 100, 80, [["1970-01-01", "MALE"]], "2021-03-15")] },
});

/** Options cross from the server to the client component: plain data only. */
const plain = (x: unknown) => expect(JSON.parse(JSON.stringify(x))).toEqual(x);

describe("statistics charts", () => {
  it("turnout histogram: each village in its 5% band, with the same numbers in the table", () => {
    const c = turnoutChart(s)!;
    plain(c.option);
    expect(c.table.rows.filter((r) => r[1] !== 0)).toEqual([
      ["70–75%", 1],
      ["90–95%", 1],
    ]);
  });

  it("age pyramid: men and women per band", () => {
    const c = agePyramidChart(s)!;
    plain(c.option);
    expect(c.table.rows.filter((r) => r[1] !== 0 || r[2] !== 0)).toEqual([
      ["30–34岁", 0, 1],
      ["35–39岁", 1, 0],
      ["65–69岁", 1, 0],
    ]);
  });

  it("structure beside the previous term; none without one", () => {
    const c = structureChart(s)!;
    plain(c.option);
    expect(c.table.head).toEqual(["指标", "第十一届", "第十二届"]);
    expect(c.table.rows.at(-1)).toEqual(["平均年龄", 51, s.averageAge]);
    expect(structureChart({ ...s, previousTerm: null })).toBeNull();
    expect(turnoutChart({ ...s, turnoutByUnit: [] })).toBeNull();
  });

  it("formats shares as percentages", () => {
    expect(percent(0.8346)).toBe("83.46%");
    expect(percent(null)).toBe("—");
  });
});
