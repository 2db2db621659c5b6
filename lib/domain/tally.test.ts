import { describe, expect, it } from "vitest";
import { firstRoundBallot, type Ballot, type BallotCandidate, type BallotSection } from "./ballot";
import { checkElectionInput, decideElection, ELECTION_POSTS, type ElectionPost, type Gender } from "./election-engine";
import { DEFAULT_RULES } from "./rule-pack";
import {
  compareTallies,
  engineInputFor,
  FIELD,
  readTallyForm,
  enterTarget,
  firstErrorField,
  resolutionChanges,
  resolutionForm,
  sumTallies,
  tallyFormValues,
  tallyProblems,
  type TallyValues,
} from "./tally";

// --- fixtures -------------------------------------------------------------------------------

const person = (key: string, name: string, gender: Gender = "male"): BallotCandidate => ({ key, candidateId: key, name, gender });

/** A first-round ballot as printed: 主任 1 seat, 副主任 1 seat, 委员 2 seats (孙八 is a woman). */
const BALLOT: Ballot = {
  sections: [
    { post: "director", appPost: "DIRECTOR", seats: 1, womenOnly: false, candidates: [person("d1", "张三"), person("d2", "李四")] },
    { post: "deputy", appPost: "DEPUTY", seats: 1, womenOnly: false, candidates: [person("p1", "刘一")] },
    {
      post: "member",
      appPost: "MEMBER",
      seats: 2,
      womenOnly: false,
      candidates: [person("m1", "赵六"), person("m2", "钱七"), person("m3", "孙八", "female")],
    },
  ],
};

const RULES = { sumVotesAcrossPosts: false, womenSeat: "none", runoffMargin: 1 } as const;

/** A complete form: 100 issued, 98 returned, 2 invalid (96 valid), every printed count typed as 0. */
function form(over: Record<string, unknown> = {}, ballot: Ballot = BALLOT): Record<string, unknown> {
  const f: Record<string, unknown> = { [FIELD.issued]: "100", [FIELD.returned]: "98", [FIELD.invalid]: "2" };
  for (const s of ballot.sections) for (const c of s.candidates) f[FIELD.vote(s.post, c.key)] = "0";
  return { ...f, ...over };
}

/** Values matching `form()`: every printed person with 0 votes, no write-ins. */
function values(over: Partial<TallyValues> = {}, ballot: Ballot = BALLOT): TallyValues {
  const votes = ballot.sections.flatMap((s) => s.candidates.map((c) => ({ post: s.post, key: c.key, votes: 0 })));
  return { ballotsIssued: 100, ballotsReturned: 98, invalidBallots: 2, votes, writeIns: [], exceedConfirmed: false, ...over };
}

/** Replaces the count of one person in one column (adding the row when it is not there). */
function withVotes(v: TallyValues, post: ElectionPost, key: string, votes: number): TallyValues {
  const rest = v.votes.filter((r) => !(r.post === post && r.key === key));
  const at = v.votes.findIndex((r) => r.post === post && r.key === key);
  const row = { post, key, votes };
  return { ...v, votes: at < 0 ? [...rest, row] : [...rest.slice(0, at), row, ...rest.slice(at)] };
}

function read(f: Record<string, unknown>, ballot: Ballot = BALLOT) {
  const r = readTallyForm(f, ballot);
  if (!r.ok) throw new Error(`expected the form to be accepted, got ${JSON.stringify(r.fieldErrors)}`);
  return r.values;
}

function errors(f: Record<string, unknown>, ballot: Ballot = BALLOT): Record<string, string> {
  const r = readTallyForm(f, ballot);
  if (r.ok) throw new Error("expected the form to be refused");
  return r.fieldErrors;
}

const countOf = (v: TallyValues, post: ElectionPost, key: string) => v.votes.find((r) => r.post === post && r.key === key)?.votes;
const w = (post: ElectionPost, i: number, part: "name" | "gender" | "votes") => FIELD.writeIn(post, i, part);

// --- reading the form -------------------------------------------------------------------------

describe("readTallyForm", () => {
  it("reads a complete sheet: the three ballot counts and one row per printed person", () => {
    const v = read(form({ [FIELD.vote("director", "d1")]: "60", [FIELD.vote("member", "m3")]: " 51 " }));
    expect(v).toMatchObject({ ballotsIssued: 100, ballotsReturned: 98, invalidBallots: 2, writeIns: [], exceedConfirmed: false });
    expect(v.votes).toHaveLength(6);
    expect(countOf(v, "director", "d1")).toBe(60);
    expect(countOf(v, "director", "d2")).toBe(0);
    expect(countOf(v, "member", "m3")).toBe(51);
  });

  it("refuses a blank printed field: a blank is not a zero", () => {
    const f = form();
    delete f[FIELD.vote("member", "m2")];
    const e = errors({ ...f, [FIELD.vote("director", "d2")]: "   " });
    expect(Object.keys(e).sort()).toEqual([FIELD.vote("director", "d2"), FIELD.vote("member", "m2")].sort());
    expect(e[FIELD.vote("member", "m2")]).toContain("没有得票也要填 0");
    expect(e[FIELD.vote("director", "d2")]).toContain("没有得票也要填 0");
  });

  it("refuses a blank ballot count too", () => {
    const e = errors(form({ [FIELD.invalid]: "" }));
    expect(e[FIELD.invalid]).toContain("没有得票也要填 0");
    const r = readTallyForm(form({ [FIELD.invalid]: "" }), BALLOT);
    expect(r.ok ? "" : r.message).toContain("1 处");
  });

  it("accepts 0 as a count", () => {
    const v = read(form({ [FIELD.invalid]: "0" }));
    expect(v.invalidBallots).toBe(0);
    expect(v.votes.every((r) => r.votes === 0)).toBe(true);
  });

  it.each([
    ["12a", "只能填写数字，不能有字母"],
    ["1e2", "只能填写数字，不能有字母"],
    ["-1", "票数不能是负数，请照原件填写"],
    ["－1", "票数不能是负数，请照原件填写"],
    ["1.5", "只能填写整数，不能有小数点"],
    ["1．5", "只能填写整数，不能有小数点"],
    ["8 00", "数字中间不能有空格"],
    ["8\u300000", "数字中间不能有空格"],
    ["1,000", "请不要用逗号分隔，直接填写 1000"],
    ["八百", "只能填写 0–9 的数字"],
  ])("refuses %j as a count, saying why", (raw, message) => {
    const field = FIELD.vote("deputy", "p1");
    expect(errors(form({ [field]: raw }))).toEqual({ [field]: message });
  });

  it("reads full-width digits (a Chinese input method) as the same number", () => {
    const v = read(form({ [FIELD.issued]: "１００", [FIELD.returned]: "　９８　", [FIELD.vote("director", "d1")]: "６０" }));
    expect(v).toMatchObject({ ballotsIssued: 100, ballotsReturned: 98 });
    expect(countOf(v, "director", "d1")).toBe(60);
  });

  it("ignores a write-in line left entirely blank", () => {
    const v = read(form({ [w("member", 0, "name")]: "  ", [w("member", 0, "gender")]: "", [w("member", 0, "votes")]: "" }));
    expect(v.writeIns).toEqual([]);
    expect(v.votes).toHaveLength(6);
  });

  it("reads a complete write-in line", () => {
    const v = read(form({ [w("member", 0, "name")]: "周九", [w("member", 0, "gender")]: "female", [w("member", 0, "votes")]: "7" }));
    expect(v.writeIns).toEqual([{ post: "member", name: "周九", gender: "female", votes: 7 }]);
  });

  it("a write-in name without votes is an error on the votes field", () => {
    const e = errors(form({ [w("member", 1, "name")]: "周九", [w("member", 1, "gender")]: "male" }));
    expect(Object.keys(e)).toEqual([w("member", 1, "votes")]);
    expect(e[w("member", 1, "votes")]).toContain("没有得票也要填 0");
  });

  it("votes without a name are an error on the name field", () => {
    const e = errors(form({ [w("deputy", 0, "votes")]: "3" }));
    expect(Object.keys(e)).toEqual([w("deputy", 0, "name")]);
    expect(e[w("deputy", 0, "name")]).toContain("姓名");
  });

  it("a gender alone still counts as a filled line that needs a name", () => {
    const e = errors(form({ [w("deputy", 2, "gender")]: "female" }));
    expect(Object.keys(e)).toEqual([w("deputy", 2, "name")]);
  });

  it("a write-in without gender is an error on the gender field", () => {
    const e = errors(form({ [w("member", 0, "name")]: "周九", [w("member", 0, "votes")]: "3" }));
    expect(e).toEqual({ [w("member", 0, "gender")]: "请选择另选他人的性别" });
  });

  it("refuses the same write-in name twice in one section", () => {
    const e = errors(
      form({
        [w("member", 0, "name")]: "周九",
        [w("member", 0, "gender")]: "male",
        [w("member", 0, "votes")]: "3",
        [w("member", 1, "name")]: "周 九",
        [w("member", 1, "gender")]: "male",
        [w("member", 1, "votes")]: "2",
      }),
    );
    expect(Object.keys(e)).toEqual([w("member", 1, "name")]);
    expect(e[w("member", 1, "name")]).toContain("周九");
  });

  it("allows the same write-in name in two sections (one person, two columns)", () => {
    const v = read(
      form({
        [w("director", 0, "name")]: "周九",
        [w("director", 0, "gender")]: "male",
        [w("director", 0, "votes")]: "3",
        [w("member", 0, "name")]: "周九",
        [w("member", 0, "gender")]: "male",
        [w("member", 0, "votes")]: "4",
      }),
    );
    expect(v.writeIns).toEqual([
      { post: "director", name: "周九", gender: "male", votes: 3 },
      { post: "member", name: "周九", gender: "male", votes: 4 },
    ]);
  });

  it("a write-in naming someone printed in another section is that person's vote in this column", () => {
    const v = read(form({ [w("member", 0, "name")]: "张 三", [w("member", 0, "votes")]: "12" }));
    expect(v.writeIns).toEqual([]);
    expect(v.votes).toContainEqual({ post: "member", key: "d1", votes: 12 });
    // The director column keeps its own count.
    expect(countOf(v, "director", "d1")).toBe(0);
  });

  it("says in words when a write-in is a candidate printed in another column: never merged silently", () => {
    const r = readTallyForm(form({ [w("member", 0, "name")]: "张三", [w("member", 0, "votes")]: "12" }), BALLOT);
    expect(r).toMatchObject({ ok: true, notes: ["委员栏另选他人「张三」是主任的正式候选人，按同一人计票，已计为其在本栏的得票 12 票"] });
    expect(readTallyForm(form(), BALLOT)).toMatchObject({ ok: true, notes: [] });
  });

  it("refuses a man written in under a women-only column, by gender or as a printed man", () => {
    const women: Ballot = {
      sections: [BALLOT.sections[0]!, { post: "womenMember", appPost: "MEMBER", seats: 1, womenOnly: true, candidates: [person("w1", "孙八", "female")] }],
    };
    const male = errors(
      form({ [w("womenMember", 0, "name")]: "周九", [w("womenMember", 0, "gender")]: "male", [w("womenMember", 0, "votes")]: "3" }, women),
      women,
    );
    expect(male).toEqual({ [w("womenMember", 0, "gender")]: expect.stringContaining("本栏限选女性") });
    const printedMan = errors(form({ [w("womenMember", 0, "name")]: "张三", [w("womenMember", 0, "votes")]: "3" }, women), women);
    expect(printedMan[w("womenMember", 0, "name")]).toMatch(/本栏限选女性，「张三」（主任候选人）是男性/);
    const woman = read(
      form({ [w("womenMember", 0, "name")]: "周九", [w("womenMember", 0, "gender")]: "female", [w("womenMember", 0, "votes")]: "3" }, women),
      women,
    );
    expect(woman.writeIns).toEqual([{ post: "womenMember", name: "周九", gender: "female", votes: 3 }]);
  });

  it("refuses a write-in naming someone printed in the same section", () => {
    const e = errors(form({ [w("member", 0, "name")]: "钱七", [w("member", 0, "votes")]: "12" }));
    expect(Object.keys(e)).toEqual([w("member", 0, "name")]);
    expect(e[w("member", 0, "name")]).toContain("已印在本栏");
  });

  it("removes whitespace inside a write-in name", () => {
    const v = read(form({ [w("member", 0, "name")]: " 王 五 ", [w("member", 0, "gender")]: "male", [w("member", 0, "votes")]: "5" }));
    expect(v.writeIns).toEqual([{ post: "member", name: "王五", gender: "male", votes: 5 }]);
  });

  it("refuses a write-in matching two printed people of the same name, naming the ambiguity", () => {
    const namesakes: Ballot = {
      sections: [
        { ...BALLOT.sections[0]!, candidates: [person("d1", "张三"), person("d2", "李四")] },
        { ...BALLOT.sections[1]!, candidates: [person("p1", "刘一")] },
        { ...BALLOT.sections[2]!, candidates: [person("m1", "张三"), person("m2", "钱七")] },
      ],
    };
    const e = errors(form({ [w("deputy", 0, "name")]: "张三", [w("deputy", 0, "gender")]: "male", [w("deputy", 0, "votes")]: "5" }, namesakes), namesakes);
    expect(Object.keys(e)).toEqual([w("deputy", 0, "name")]);
    expect(e[w("deputy", 0, "name")]).toContain("2 位「张三」");
    expect(e[w("deputy", 0, "name")]).toContain("无法判断");
  });

  it("reports every field to correct at once, with their count in the message", () => {
    const r = readTallyForm(form({ [FIELD.issued]: "x", [FIELD.vote("director", "d1")]: "", [w("member", 0, "votes")]: "2" }), BALLOT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fieldErrors).sort()).toEqual([FIELD.issued, FIELD.vote("director", "d1"), w("member", 0, "name")].sort());
    expect(r.message).toContain("3 处");
  });

  it("runs the arithmetic checks on a well-typed sheet", () => {
    const e = errors(form({ [FIELD.returned]: "101" }));
    expect(Object.keys(e)).toEqual([FIELD.returned]);
    expect(e[FIELD.returned]).toContain("多于发出选票 100 张");
    // Ticking the confirmation lets the sheet through (the round is then void).
    expect(read(form({ [FIELD.returned]: "101", exceedConfirmed: "on" })).exceedConfirmed).toBe(true);
  });
});

// --- arithmetic -------------------------------------------------------------------------------

describe("tallyProblems", () => {
  it("gives one message for more invalid ballots than returned, not one per candidate", () => {
    let v = values({ ballotsReturned: 98, invalidBallots: 980 });
    for (const [post, key] of [
      ["director", "d1"],
      ["director", "d2"],
      ["deputy", "p1"],
      ["member", "m1"],
      ["member", "m2"],
      ["member", "m3"],
    ] as const)
      v = withVotes(v, post, key, 30);
    expect(tallyProblems(v, BALLOT, null)).toEqual({ [FIELD.invalid]: "无效票 980 张，多于收回选票 98 张" });
    const r = readTallyForm(form({ [FIELD.invalid]: "980", [FIELD.vote("director", "d1")]: "30", [FIELD.vote("member", "m1")]: "30" }), BALLOT);
    expect(r).toMatchObject({ ok: false, message: "无效票 980 张，多于收回选票 98 张" });
  });

  it("finds nothing wrong with a sheet that adds up", () => {
    expect(tallyProblems(values(), BALLOT, 100)).toEqual({});
  });

  it("refuses more ballots returned than issued unless the clerk confirmed it", () => {
    const over = values({ ballotsIssued: 90, ballotsReturned: 91 });
    const p = tallyProblems(over, BALLOT, null);
    expect(Object.keys(p)).toEqual([FIELD.returned]);
    expect(p[FIELD.returned]).toContain("收回选票 91 张，多于发出选票 90 张");
    expect(tallyProblems({ ...over, exceedConfirmed: true }, BALLOT, null)).toEqual({});
    expect(tallyProblems(values({ ballotsIssued: 91, ballotsReturned: 91 }), BALLOT, null)).toEqual({});
  });

  it("refuses more invalid ballots than returned, and accepts all returned being invalid", () => {
    const p = tallyProblems(values({ ballotsReturned: 50, invalidBallots: 51 }), BALLOT, null);
    expect(Object.keys(p)).toEqual([FIELD.invalid]);
    expect(p[FIELD.invalid]).toBe("无效票 51 张，多于收回选票 50 张");
    expect(tallyProblems(values({ ballotsReturned: 50, invalidBallots: 50 }), BALLOT, null)).toEqual({});
  });

  it("refuses a column whose total exceeds valid ballots × seats; exactly equal is fine", () => {
    // 96 valid ballots, 委员 2 seats: at most 192 marks.
    let v = withVotes(values(), "member", "m1", 96);
    v = withVotes(v, "member", "m2", 90);
    const atLimit = withVotes(v, "member", "m3", 6);
    expect(tallyProblems(atLimit, BALLOT, null)).toEqual({});
    const over = withVotes(v, "member", "m3", 7);
    const p = tallyProblems(over, BALLOT, null);
    expect(Object.keys(p)).toEqual([FIELD.section("member")]);
    expect(p[FIELD.section("member")]).toBe("委员（应选 2 名）各人得票合计 193 票，超过有效票 96 张 × 应选 2 名 = 192 票");
  });

  it("counts write-ins and cross-column votes in the column total", () => {
    let v = withVotes(values(), "director", "d1", 90);
    v = withVotes(v, "director", "p1", 3); // 刘一 named in the 主任 write-in line
    const ok = { ...v, writeIns: [{ post: "director" as const, name: "周九", gender: "male" as const, votes: 3 }] };
    expect(tallyProblems(ok, BALLOT, null)).toEqual({});
    const over = { ...v, writeIns: [{ post: "director" as const, name: "周九", gender: "male" as const, votes: 4 }] };
    expect(Object.keys(tallyProblems(over, BALLOT, null))).toEqual([FIELD.section("director")]);
  });

  it("refuses one person with more votes than valid ballots; exactly valid is fine", () => {
    expect(tallyProblems(withVotes(values(), "member", "m3", 96), BALLOT, null)).toEqual({});
    const p = tallyProblems(withVotes(values(), "member", "m3", 97), BALLOT, null);
    expect(p[FIELD.vote("member", "m3")]).toBe("得票 97 票，超过有效票 96 张");
    // Valid ballots are returned − invalid, not returned.
    const fewerValid = values({ invalidBallots: 3 });
    expect(tallyProblems(withVotes(fewerValid, "member", "m3", 96), BALLOT, null)[FIELD.vote("member", "m3")]).toBe("得票 96 票，超过有效票 95 张");
  });

  it("puts the error for a cross-column or write-in count on the section, since it has no printed field", () => {
    const cross = tallyProblems(withVotes(values(), "member", "d1", 97), BALLOT, null);
    expect(cross[FIELD.section("member")]).toBeDefined();
    expect(cross[FIELD.vote("member", "d1")]).toBeUndefined();
    const writeIn = tallyProblems(values({ writeIns: [{ post: "deputy", name: "周九", gender: "male", votes: 97 }] }), BALLOT, null);
    expect(writeIn[FIELD.section("deputy")]).toContain("周九");
  });

  it("refuses more ballots issued or returned than the box's voters; equal is fine", () => {
    expect(tallyProblems(values(), BALLOT, 100)).toEqual({});
    const issued = tallyProblems(values(), BALLOT, 99);
    expect(Object.keys(issued)).toEqual([FIELD.issued]);
    expect(issued[FIELD.issued]).toBe("发出选票 100 张，多于本票箱服务的登记选民 99 人");
    const returned = tallyProblems(values({ ballotsIssued: 90, ballotsReturned: 98, exceedConfirmed: true }), BALLOT, 97);
    expect(Object.keys(returned)).toEqual([FIELD.returned]);
    expect(returned[FIELD.returned]).toContain("多于本票箱服务的登记选民 97 人");
    expect(tallyProblems(values({ ballotsIssued: 90, ballotsReturned: 98, exceedConfirmed: true }), BALLOT, 98)).toEqual({});
    // Without a known box size there is nothing to compare with.
    expect(tallyProblems(values({ ballotsIssued: 5000, ballotsReturned: 4000 }), BALLOT, null)).toEqual({});
  });

  it("refuses one write-in name given two genders in different sections", () => {
    const v = values({
      writeIns: [
        { post: "director", name: "周九", gender: "male", votes: 1 },
        { post: "member", name: "周九", gender: "female", votes: 1 },
      ],
    });
    const p = tallyProblems(v, BALLOT, null);
    expect(Object.keys(p)).toEqual([FIELD.section("member")]);
    expect(p[FIELD.section("member")]).toBe("另选他人「周九」在不同栏目中填写的性别不一致");
    const same = values({
      writeIns: [
        { post: "director", name: "周九", gender: "male", votes: 1 },
        { post: "member", name: "周九", gender: "male", votes: 1 },
      ],
    });
    expect(tallyProblems(same, BALLOT, null)).toEqual({});
  });
});

// --- double entry -------------------------------------------------------------------------------

describe("compareTallies", () => {
  const sheet = () => {
    let v = withVotes(values(), "director", "d1", 60);
    v = withVotes(v, "member", "m2", 40);
    v = withVotes(v, "member", "d2", 5);
    return { ...v, writeIns: [{ post: "member" as const, name: "周九", gender: "female" as const, votes: 4 }] };
  };

  it("finds no difference between two identical typings", () => {
    expect(compareTallies(sheet(), sheet(), BALLOT)).toEqual([]);
  });

  it("reports one changed number as one difference naming the post and the person", () => {
    const second = withVotes(sheet(), "member", "m2", 41);
    expect(compareTallies(sheet(), second, BALLOT)).toEqual([{ field: "member|m2", label: "委员 · 钱七", first: "40", second: "41" }]);
  });

  it("names the ballot counts by what they are", () => {
    const d = compareTallies(sheet(), { ...sheet(), ballotsIssued: 99 }, BALLOT);
    expect(d).toEqual([{ field: FIELD.issued, label: "发出选票", first: "100", second: "99" }]);
  });

  it("labels a cross-column count as a write-in of the printed person", () => {
    const d = compareTallies(sheet(), withVotes(sheet(), "member", "d2", 6), BALLOT);
    expect(d).toEqual([{ field: "member|d2", label: "委员 · 另选他人 李四", first: "5", second: "6" }]);
  });

  it("reports a write-in typed in one entry only, with （未填） for the other", () => {
    const without = { ...sheet(), writeIns: [] };
    const d = compareTallies(sheet(), without, BALLOT);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ first: "4 票（女）", second: "（未填）" });
    expect(d[0]?.label).toContain("委员");
    expect(d[0]?.label).toContain("周九");
    expect(compareTallies(without, sheet(), BALLOT)[0]).toMatchObject({ first: "（未填）", second: "4 票（女）" });
  });

  it("treats a write-in's gender as part of what must agree", () => {
    const male = { ...sheet(), writeIns: [{ post: "member" as const, name: "周九", gender: "male" as const, votes: 4 }] };
    expect(compareTallies(sheet(), male, BALLOT)).toMatchObject([{ first: "4 票（女）", second: "4 票（男）" }]);
  });

  it("does not care about the order of the rows", () => {
    const a = sheet();
    const b = {
      ...a,
      votes: [...a.votes].reverse(),
      writeIns: [{ post: "director" as const, name: "吴十", gender: "male" as const, votes: 1 }, ...a.writeIns],
    };
    const a2 = { ...a, writeIns: [...a.writeIns, { post: "director" as const, name: "吴十", gender: "male" as const, votes: 1 }] };
    expect(compareTallies(a2, b, BALLOT)).toEqual([]);
  });

  it("labels the women seat held back among the 委员 as such", () => {
    const ballot: Ballot = {
      sections: [{ post: "womenMember", appPost: "MEMBER", seats: 1, womenOnly: true, candidates: [person("m3", "孙八", "female")] }],
    };
    const a = values({}, ballot);
    expect(compareTallies(a, withVotes(a, "womenMember", "m3", 1), ballot)[0]?.label).toBe("委员（妇女名额） · 孙八");
  });
});

// --- totals and the engine ---------------------------------------------------------------------

describe("sumTallies", () => {
  it("adds up the boxes, merging one person's counts per column", () => {
    const box1: TallyValues = {
      ...withVotes(withVotes(values(), "director", "d1", 60), "member", "d1", 3),
      writeIns: [
        { post: "member", name: "周九", gender: "female", votes: 4 },
        { post: "director", name: "周九", gender: "female", votes: 1 },
      ],
    };
    const box2: TallyValues = {
      ...withVotes(values({ ballotsIssued: 50, ballotsReturned: 49, invalidBallots: 1 }), "director", "d1", 30),
      writeIns: [
        { post: "member", name: "周九", gender: "female", votes: 6 },
        { post: "member", name: "吴十", gender: "male", votes: 2 },
      ],
    };
    const total = sumTallies([box1, box2]);
    expect(total).toMatchObject({ ballotsIssued: 150, ballotsReturned: 147, invalidBallots: 3, exceedConfirmed: false });
    expect(total.votes).toHaveLength(7);
    expect(countOf(total, "director", "d1")).toBe(90);
    expect(countOf(total, "member", "d1")).toBe(3);
    expect(countOf(total, "member", "m1")).toBe(0);
    expect(total.writeIns).toHaveLength(3);
    expect(total.writeIns).toEqual(
      expect.arrayContaining([
        { post: "member", name: "周九", gender: "female", votes: 10 },
        { post: "director", name: "周九", gender: "female", votes: 1 },
        { post: "member", name: "吴十", gender: "male", votes: 2 },
      ]),
    );
    // The boxes are left alone.
    expect(countOf(box1, "director", "d1")).toBe(60);
    expect(box1.writeIns[0]?.votes).toBe(4);
  });

  it("of no boxes is all zero", () => {
    expect(sumTallies([])).toEqual({ ballotsIssued: 0, ballotsReturned: 0, invalidBallots: 0, votes: [], writeIns: [], exceedConfirmed: false });
  });

  it("does not settle a write-in's gender by which box came first: the conflict reaches the engine check", () => {
    const box = (gender: Gender): TallyValues => values({ writeIns: [{ post: "member", name: "周九", gender, votes: 30 }] });
    for (const boxes of [
      [box("male"), box("female")],
      [box("female"), box("male")],
    ]) {
      const input = engineInputFor({ kind: "FIRST", rules: RULES, registeredVoters: 300, ballot: BALLOT, totals: sumTallies(boxes) });
      const r = checkElectionInput(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain("性别不一致");
    }
  });
});

describe("engineInputFor", () => {
  const totals = () => {
    let v = withVotes(values(), "director", "d1", 60); // 60 of 98 returned: more than half
    v = withVotes(v, "director", "d2", 30);
    v = withVotes(v, "deputy", "p1", 40); // 40 of 98: not elected
    v = withVotes(v, "member", "m1", 70);
    v = withVotes(v, "member", "m3", 55);
    v = withVotes(v, "member", "p1", 20);
    return { ...v, writeIns: [{ post: "member" as const, name: "周九", gender: "female" as const, votes: 30 }] };
  };

  it("builds a first-round input the engine accepts and decides", () => {
    const input = engineInputFor({ kind: "FIRST", rules: RULES, registeredVoters: 120, ballot: BALLOT, totals: totals() });
    expect(checkElectionInput(input).ok).toBe(true);
    expect(input).toMatchObject({
      round: "first",
      registeredVoters: 120,
      ballotsIssued: 100,
      ballotsReturned: 98,
      invalidBallots: 2,
      seats: { director: 1, deputy: 1, member: 2, womenMember: 0 },
    });
    expect(input.candidates).toContainEqual({ id: "m3", name: "孙八", gender: "female", post: "member" });
    expect(input.votes).toContainEqual({ post: "member", writeIn: "周九", gender: "female", votes: 30 });
    expect(input.votes).toContainEqual({ post: "member", candidate: "p1", votes: 20 });
    // Rows come in post order.
    const order = input.votes.map((v) => ELECTION_POSTS.indexOf(v.post));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const d = decideElection(input);
    expect(d.valid).toBe(true);
    expect(d.elected).toEqual([
      { post: "director", candidate: "d1", writeIn: null, votes: 60 },
      { post: "member", candidate: "m1", writeIn: null, votes: 70 },
      { post: "member", candidate: "m3", writeIn: null, votes: 55 },
    ]);
    expect(d.unfilled).toEqual([{ post: "deputy", seats: 1, womenOnly: false }]);
  });

  it("takes the three engine rules from a full rule pack and nothing else", () => {
    const input = engineInputFor({ kind: "FIRST", rules: { ...DEFAULT_RULES, womenSeat: "none" }, registeredVoters: 120, ballot: BALLOT, totals: totals() });
    expect(input.rules).toEqual({ sumVotesAcrossPosts: false, womenSeat: "none", runoffMargin: 1 });
    expect(checkElectionInput(input).ok).toBe(true);
  });

  it("takes the seats per post from the ballot's sections", () => {
    const ballot: Ballot = {
      sections: [
        { post: "member", appPost: "MEMBER", seats: 3, womenOnly: false, candidates: [person("m1", "赵六")] },
        { post: "womenMember", appPost: "MEMBER", seats: 1, womenOnly: true, candidates: [person("m3", "孙八", "female")] },
      ],
    };
    const input = engineInputFor({
      kind: "RUNOFF",
      rules: { ...RULES, womenSeat: "atLeastOneMember" },
      registeredVoters: 120,
      ballot,
      totals: values({}, ballot),
    });
    expect(input.seats).toEqual({ director: 0, deputy: 0, member: 3, womenMember: 1 });
    expect(input.round).toBe("runoff");
    expect(checkElectionInput(input).ok).toBe(true);
  });

  it("a runoff write-in naming a carried write-in counts as that person's candidate vote", () => {
    const carried: BallotSection = {
      post: "member",
      appPost: "MEMBER",
      seats: 1,
      womenOnly: false,
      candidates: [person("m2", "钱七"), { key: "w:周九", candidateId: null, name: "周九", gender: "female" }],
    };
    const ballot: Ballot = { sections: [carried] };
    const totals = withVotes(withVotes(values({}, ballot), "member", "w:周九", 20), "member", "m2", 30);
    const input = engineInputFor({
      kind: "RUNOFF",
      rules: RULES,
      registeredVoters: 120,
      ballot,
      totals: { ...totals, writeIns: [{ post: "member", name: "周九", gender: "female", votes: 25 }] },
    });
    expect(input.candidates).toContainEqual({ id: "w:周九", name: "周九", gender: "female", post: "member" });
    expect(input.votes).toEqual([
      { post: "member", candidate: "m2", votes: 30 },
      { post: "member", candidate: "w:周九", votes: 45 },
    ]);
    expect(checkElectionInput(input).ok).toBe(true);
    // 45 of 98 returned is more than a third, and more than 钱七's 30.
    expect(decideElection(input).elected).toEqual([{ post: "member", candidate: "w:周九", writeIn: null, votes: 45 }]);
  });
});

// --- prefilling the form --------------------------------------------------------------------------

describe("tallyFormValues", () => {
  it("round-trips through readTallyForm: candidate votes, cross-column votes and write-ins", () => {
    let v = values({ ballotsIssued: 120, ballotsReturned: 118, invalidBallots: 0 });
    v = withVotes(v, "director", "d1", 70);
    v = withVotes(v, "director", "d2", 40);
    v = withVotes(v, "deputy", "p1", 65);
    v = withVotes(v, "member", "m1", 80);
    v = withVotes(v, "member", "m2", 50);
    v = withVotes(v, "member", "m3", 60);
    v = withVotes(v, "member", "d2", 11); // 李四 written in the 委员 column
    v = withVotes(v, "deputy", "m3", 9); // 孙八 written in the 副主任 column
    v = {
      ...v,
      writeIns: [
        { post: "deputy", name: "周九", gender: "female", votes: 3 },
        { post: "member", name: "周九", gender: "female", votes: 7 },
        { post: "member", name: "吴十", gender: "male", votes: 0 },
      ],
    };
    // The order readTallyForm produces: per section, printed people, then its write-in lines.
    const ordered: TallyValues = {
      ...v,
      votes: BALLOT.sections.flatMap((s) => v.votes.filter((r) => r.post === s.post)),
    };
    const f = tallyFormValues(ordered, BALLOT);
    expect(f[w("member", 0, "name")]).toBe("李四");
    expect(f[w("member", 0, "gender")]).toBeUndefined();
    expect(f[w("member", 1, "name")]).toBe("周九");
    expect(f[w("member", 2, "name")]).toBe("吴十");
    expect(read(f)).toEqual(ordered);
  });

  it("round-trips a sheet with nothing but zeros", () => {
    const v = values();
    expect(read(tallyFormValues(v, BALLOT))).toEqual(v);
  });

  it("round-trips a first-round ballot built from the formal list", () => {
    const ballot = firstRoundBallot({ DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 1 }, [
      { id: "a", name: "张三", gender: "MALE", post: "DIRECTOR" },
      { id: "b", name: "李四", gender: "MALE", post: "MEMBER" },
      { id: "c", name: "王芳", gender: "FEMALE", post: "MEMBER" },
      { id: "e", name: "陈红", gender: "FEMALE", post: "WOMEN_MEMBER" },
    ]);
    let v = values({}, ballot);
    v = withVotes(v, "director", "a", 60);
    v = withVotes(v, "womenMember", "e", 50);
    v = withVotes(v, "womenMember", "c", 10);
    v = { ...v, writeIns: [{ post: "member", name: "周九", gender: "male", votes: 2 }] };
    v = { ...v, votes: ballot.sections.flatMap((s) => v.votes.filter((r) => r.post === s.post)) };
    expect(read(tallyFormValues(v, ballot), ballot)).toEqual(v);
  });
});

// --- resolving a mismatch ---------------------------------------------------------------------------

describe("resolutionForm and resolutionChanges", () => {
  const both = () => {
    let v = withVotes(values(), "director", "d1", 60);
    v = withVotes(v, "member", "d2", 5); // 李四 written in the 委员 column
    return {
      ...v,
      writeIns: [
        { post: "director" as const, name: "周九", gender: "female" as const, votes: 10 },
        { post: "member" as const, name: "吴十", gender: "male" as const, votes: 50 },
      ],
    };
  };

  it("prefills every agreed number, write-ins included, and leaves the disputed field blank", () => {
    const a = both();
    const b = withVotes(both(), "director", "d1", 66);
    const { prefill, disputed } = resolutionForm(a, b, BALLOT);
    expect(disputed).toEqual([FIELD.vote("director", "d1")]);
    expect(prefill[FIELD.vote("director", "d1")]).toBeUndefined();
    // Typing the one disputed field gives back the full sheet: nothing agreed is lost.
    expect(read({ ...prefill, [FIELD.vote("director", "d1")]: "60" })).toEqual(read(tallyFormValues(a, BALLOT)));
  });

  it("blanks a disputed ballot count and gives each disputed write-in its own line after the agreed ones", () => {
    const a = both();
    const b = { ...both(), ballotsIssued: 99, writeIns: [both().writeIns[0]!, { post: "member" as const, name: "吴十", gender: "male" as const, votes: 51 }] };
    const { prefill, disputed } = resolutionForm(a, b, BALLOT);
    expect(prefill[FIELD.issued]).toBeUndefined();
    expect(prefill[FIELD.returned]).toBe("98");
    expect(prefill[w("member", 0, "name")]).toBe("李四");
    expect(prefill[w("member", 1, "name")]).toBeUndefined();
    expect(disputed).toEqual([FIELD.issued, w("member", 1, "name"), w("member", 1, "gender"), w("member", 1, "votes")]);
  });

  it("names every agreed number a resolution drops or changes, and lines neither typing had", () => {
    const a = both();
    const b = withVotes(both(), "director", "d1", 66);
    expect(resolutionChanges(a, b, withVotes(a, "director", "d1", 61), BALLOT)).toEqual([]);
    const dropped = { ...a, writeIns: [] };
    expect(resolutionChanges(a, b, dropped, BALLOT)).toEqual([
      { field: FIELD.section("director"), label: "主任 · 另选他人「周九」", first: "10 票（女）", second: "（未填）" },
      { field: FIELD.section("member"), label: "委员 · 另选他人「吴十」", first: "50 票（男）", second: "（未填）" },
    ]);
    expect(resolutionChanges(a, b, { ...a, invalidBallots: 3 }, BALLOT)).toMatchObject([{ field: FIELD.invalid, first: "2", second: "3" }]);
    const added = { ...a, writeIns: [...a.writeIns, { post: "deputy" as const, name: "郑一", gender: "male" as const, votes: 1 }] };
    expect(resolutionChanges(a, b, added, BALLOT)).toMatchObject([{ field: FIELD.section("deputy"), first: "（未填）", second: "1 票（男）" }]);
  });
});

// --- moving through the entry form ---------------------------------------------------------------------

describe("enterTarget and firstErrorField", () => {
  // The entry form's fields in page order for BALLOT, with three write-in lines per section.
  const fields = [
    FIELD.issued,
    FIELD.returned,
    FIELD.invalid,
    ...BALLOT.sections.flatMap((s) => [
      ...s.candidates.map((c) => FIELD.vote(s.post, c.key)),
      ...[0, 1, 2].flatMap((i) => [w(s.post, i, "name"), w(s.post, i, "gender"), w(s.post, i, "votes")]),
    ]),
  ];
  const at = (f: string) => fields.indexOf(f);

  it("moves to the next field, and from an empty write-in line past the section's write-in lines in one keystroke", () => {
    expect(enterTarget(fields, at(FIELD.issued), {})).toBe(at(FIELD.returned));
    expect(enterTarget(fields, at(FIELD.vote("director", "d2")), {})).toBe(at(w("director", 0, "name")));
    expect(enterTarget(fields, at(w("director", 0, "name")), {})).toBe(at(FIELD.vote("deputy", "p1")));
    expect(enterTarget(fields, at(w("director", 1, "name")), { [w("director", 1, "name")]: " " })).toBe(at(FIELD.vote("deputy", "p1")));
    // The last section's empty line goes to the save button.
    expect(enterTarget(fields, at(w("member", 0, "name")), {})).toBe(fields.length);
  });

  it("a sheet without write-ins takes one Enter per field plus one per section", () => {
    let i = 0;
    let presses = 0;
    while (i < fields.length) {
      i = enterTarget(fields, i, {});
      presses++;
    }
    const printed = 3 + BALLOT.sections.reduce((n, s) => n + s.candidates.length, 0);
    expect(presses).toBe(printed + BALLOT.sections.length);
  });

  it("walks a write-in line that has something in it field by field", () => {
    expect(enterTarget(fields, at(w("member", 0, "name")), { [w("member", 0, "name")]: "周九" })).toBe(at(w("member", 0, "gender")));
    expect(enterTarget(fields, at(w("member", 0, "name")), { [w("member", 0, "votes")]: "3" })).toBe(at(w("member", 0, "gender")));
  });

  it("finds the first field with an error in page order; a section's error puts the cursor in its first field", () => {
    expect(firstErrorField(fields, { [FIELD.vote("member", "m2")]: "x", [FIELD.returned]: "y" })).toBe(FIELD.returned);
    expect(firstErrorField(fields, { [FIELD.section("deputy")]: "x" })).toBe(FIELD.vote("deputy", "p1"));
    expect(firstErrorField(fields, {})).toBeNull();
  });
});
