import { describe, expect, it } from "vitest";
import type { ElectionProgress } from "./oversight";
import { aggregateCounties, committeeKindOf, sortCountyRows, type CountyRef, type VillageFact } from "./province-dashboard";

const campaign = (id: string) => ({ id, endDay: "2026-06-30", rules: { candidateListPostingDays: 5 } });
const counties: CountyRef[] = [
  { id: "a", name: "甲县", code: "960121000000", campaign: campaign("ca") },
  { id: "b", name: "乙县", code: "960122000000", campaign: campaign("cb") },
  { id: "c", name: "丙县", code: "960123000000", campaign: null },
];
const progress = (over: Partial<ElectionProgress> = {}): ElectionProgress => ({
  listStatus: "FORMAL",
  electionDay: "2026-03-20",
  formalPublishedDay: "2026-03-10",
  boxCount: 2,
  roundCount: 1,
  resultConfirmed: true,
  certified: true,
  sealed: false,
  ...over,
});
const fact = (countyId: string, over: Partial<VillageFact> = {}): VillageFact => ({
  countyId,
  kind: "village",
  progress: progress(),
  risk: null,
  activeUser: true,
  ...over,
});

describe("committeeKindOf", () => {
  it("takes the unit's kind first, then the name", () => {
    expect(committeeKindOf("COMMUNITY", "城东村")).toBe("community");
    expect(committeeKindOf("VILLAGE", "新华社区")).toBe("village");
    expect(committeeKindOf(null, "新华社区")).toBe("community");
    expect(committeeKindOf(undefined, "解放路居委会")).toBe("community");
    expect(committeeKindOf(null, "柳树村")).toBe("village");
  });
});

describe("aggregateCounties", () => {
  const facts = [
    fact("a"),
    fact("a", { kind: "community", risk: "RED" }),
    // Draft list, election day passed: overdue, nominating, no account.
    fact("a", {
      progress: progress({ listStatus: "DRAFT", formalPublishedDay: null, boxCount: 0, roundCount: 0, resultConfirmed: false, certified: false }),
      activeUser: false,
    }),
    fact("b", { progress: null, risk: "YELLOW" }),
    fact("c"),
  ];
  const { rows, totals } = aggregateCounties(counties, facts, "2026-04-01");

  it("counts each county's units by stage, kind, risk and overdue", () => {
    const a = rows.find((r) => r.id === "a")!;
    expect(a).toMatchObject({ units: 3, villages: 2, communities: 1, overdue: 1, red: 1, unassessed: 2, noActiveUser: 1, campaignId: "ca" });
    expect(a.stageCounts.certified).toBe(2);
    expect(a.stageCounts.nominating).toBe(1);
    expect(a.reached.nominating).toBe(3);
    expect(a.done).toBe(0.6667);
    const b = rows.find((r) => r.id === "b")!;
    expect(b).toMatchObject({ units: 1, yellow: 1, overdue: 0, done: 0 });
    expect(b.stageCounts.notStarted).toBe(1);
  });

  it("a county without the term's campaign has a row of zeros and is left out of the totals", () => {
    expect(rows.find((r) => r.id === "c")).toMatchObject({ units: 0, campaignId: null, done: null });
    expect(totals).toMatchObject({ units: 4, villages: 3, communities: 1, counties: 3, withCampaign: 2, overdue: 1, red: 1, yellow: 1 });
    expect(totals.units).toBe(rows.reduce((s, r) => s + r.units, 0));
  });

  it("sorts by a figure largest first, ties in code order, and by code ascending by default", () => {
    expect(sortCountyRows(rows).map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(sortCountyRows(rows, "code", "desc").map((r) => r.id)).toEqual(["c", "b", "a"]);
    expect(sortCountyRows(rows, "units").map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(sortCountyRows(rows, "notStarted").map((r) => r.id)).toEqual(["b", "a", "c"]);
    expect(sortCountyRows(rows, "done", "asc").map((r) => r.id)).toEqual(["c", "b", "a"]);
  });
});
