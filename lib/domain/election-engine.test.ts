import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkElectionInput,
  decideElection,
  ELECTION_POSTS,
  ElectionInputError,
  majorityNeeded,
  oneThirdNeeded,
  WOMEN_SEAT_RULE,
  tryDecideElection,
  turnoutNeeded,
  type ElectionDecision,
  type ElectionInput,
  type ElectionPost,
  type Gender,
} from "./election-engine";
import { WOMEN_SEAT_LABEL } from "./nomination-rules";

// --- fixtures -------------------------------------------------------------------------------

type Candidate = ElectionInput["candidates"][number];
type Vote = ElectionInput["votes"][number];
type Rules = ElectionInput["rules"];

const cand = (id: string, name: string, gender: Gender = "male", post: ElectionPost = "member"): Candidate => ({ id, name, gender, post });
const vote = (post: ElectionPost, candidate: string, votes: number): Vote => ({ post, candidate, votes });
const writeIn = (post: ElectionPost, name: string, gender: Gender, votes: number): Vote => ({ post, writeIn: name, gender, votes });

type Over = Partial<Omit<ElectionInput, "rules" | "seats">> & {
  rules?: Partial<Rules>;
  seats?: Partial<ElectionInput["seats"]>;
};

/**
 * The spec's example numbers: 1200 registered, 1100 issued, 1098 returned (12 invalid), so the first-round
 * bar is 550 and the runoff bar is 366. Only the posts given seats are on the ballot.
 */
function make(over: Over = {}): ElectionInput {
  return {
    round: "first",
    registeredVoters: 1200,
    ballotsIssued: 1100,
    ballotsReturned: 1098,
    invalidBallots: 12,
    candidates: [],
    votes: [],
    ...over,
    rules: { sumVotesAcrossPosts: false, womenSeat: "none", runoffMargin: 1, ...over.rules },
    seats: { director: 0, deputy: 0, member: 0, womenMember: 0, ...over.seats },
  };
}

const who = (e: { candidate: string | null; writeIn: string | null }) => e.candidate ?? e.writeIn ?? "";
const winners = (d: ElectionDecision, post: ElectionPost) => d.elected.filter((e) => e.post === post).map(who);
const texts = (d: ElectionDecision, whoKey?: string | null) => d.explanations.filter((x) => whoKey === undefined || x.who === whoKey).map((x) => x.text);
const errorOf = (raw: unknown) => {
  const r = checkElectionInput(raw);
  return r.ok ? null : r.error;
};

// --- validity of the round --------------------------------------------------------------------

describe("validity of the round", () => {
  const oneDirector = (registeredVoters: number, ballotsReturned: number) =>
    make({
      registeredVoters,
      ballotsIssued: registeredVoters,
      ballotsReturned,
      invalidBallots: 0,
      seats: { director: 1 },
      candidates: [cand("c1", "张三", "male", "director")],
      votes: [vote("director", "c1", ballotsReturned)],
    });

  it("needs strictly more than half of the registered voters: exactly half is invalid, half + 1 is valid", () => {
    expect(turnoutNeeded(1200)).toBe(601);
    const half = decideElection(oneDirector(1200, 600));
    expect(half).toMatchObject({ valid: false, invalidReason: "turnout", elected: [], unfilled: [], ties: [], runoffCandidates: [] });
    expect(texts(half)[0]).toBe("登记选民 1200 人，投票 600 人，未超过登记选民的半数（须 601 人），选举无效，不产生当选人，须重新选举");
    expect(decideElection(oneDirector(1200, 601))).toMatchObject({ valid: true, invalidReason: null, elected: [{ candidate: "c1" }] });
  });

  it("with an odd register, just under half is invalid and the next vote makes it valid", () => {
    expect(turnoutNeeded(1201)).toBe(601);
    expect(decideElection(oneDirector(1201, 600)).invalidReason).toBe("turnout");
    expect(decideElection(oneDirector(1201, 601)).valid).toBe(true);
  });

  it("voids the round when more ballots come back than were issued, and says so before the turnout", () => {
    const input = make({
      ballotsIssued: 1000,
      ballotsReturned: 1001,
      invalidBallots: 0,
      seats: { director: 1 },
      candidates: [cand("c1", "张三", "male", "director")],
      votes: [vote("director", "c1", 1000)],
    });
    const d = decideElection(input);
    expect(d).toEqual({
      valid: false,
      invalidReason: "ballotsExceedIssued",
      elected: [],
      unfilled: [],
      ties: [],
      runoffCandidates: [],
      explanations: [{ post: null, who: null, text: "收回选票 1001 张，多于发出的选票 1000 张，本次投票无效，不产生当选人，须重新投票" }],
    });
    // One ballot fewer and the same count elects.
    expect(decideElection({ ...input, ballotsReturned: 1000 }).elected).toHaveLength(1);
    // Both faults at once: the void round is reported, its turnout is not looked at.
    expect(decideElection({ ...input, registeredVoters: 5000, ballotsIssued: 3000, ballotsReturned: 3001 }).invalidReason).toBe("ballotsExceedIssued");
  });

  it("counts invalid ballots in the votes cast: they raise the bar", () => {
    // 1000 returned, 100 invalid: 500 is more than half of the 900 valid ballots but not of the 1000 cast.
    const input = make({
      registeredVoters: 1500,
      ballotsIssued: 1000,
      ballotsReturned: 1000,
      invalidBallots: 100,
      seats: { director: 1 },
      candidates: [cand("c1", "张三", "male", "director")],
      votes: [vote("director", "c1", 500)],
    });
    expect(decideElection(input).elected).toEqual([]);
    expect(texts(decideElection(input), "c1")).toEqual(["主任：张三 得 500 票，未过半数（须 501 票），未当选"]);
    expect(decideElection({ ...input, votes: [vote("director", "c1", 501)] }).elected).toHaveLength(1);
  });
});

// --- first round ------------------------------------------------------------------------------

describe("first round: more than half of the votes cast", () => {
  it("exactly half of 1098 (549) fails, 550 is elected, with the spec's explanation", () => {
    expect(majorityNeeded(1098)).toBe(550);
    const d = decideElection(
      make({
        seats: { director: 1, member: 3 },
        candidates: [cand("c1", "张三", "male", "director"), cand("c2", "李四"), cand("c3", "钱八")],
        votes: [vote("director", "c1", 700), vote("member", "c2", 549), vote("member", "c3", 550)],
      }),
    );
    expect(d.elected).toEqual([
      { post: "director", candidate: "c1", writeIn: null, votes: 700 },
      { post: "member", candidate: "c3", writeIn: null, votes: 550 },
    ]);
    expect(texts(d, "c1")).toEqual(["主任：张三 得 700 票，超过投票人数 1098 的半数（须 550 票），当选"]);
    expect(texts(d, "c2")).toEqual(["委员：李四 得 549 票，未过半数（须 550 票），未当选"]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 2, womenOnly: false }]);
  });

  it("with an odd number of votes cast, 549 of 1099 fails and 550 passes", () => {
    expect(majorityNeeded(1099)).toBe(550);
    const at = (n: number) =>
      decideElection(
        make({
          ballotsReturned: 1099,
          seats: { director: 1 },
          candidates: [cand("c1", "张三", "male", "director")],
          votes: [vote("director", "c1", n)],
        }),
      ).elected.length;
    expect(at(549)).toBe(0);
    expect(at(550)).toBe(1);
  });

  it("when more pass than there are seats, the most votes win and the rest are told why", () => {
    const d = decideElection(
      make({
        seats: { member: 2 },
        candidates: [cand("c1", "甲"), cand("c2", "乙"), cand("c3", "丙")],
        votes: [vote("member", "c1", 700), vote("member", "c2", 600), vote("member", "c3", 560)],
      }),
    );
    expect(winners(d, "member")).toEqual(["c1", "c2"]);
    expect(d.ties).toEqual([]);
    expect(d.unfilled).toEqual([]);
    expect(d.runoffCandidates).toEqual([]);
    expect(texts(d, "c3")).toEqual(["委员：丙 得 560 票，已过半数，但得票未进入应选的 2 个名额，未当选"]);
  });

  it("a tie for the last seat elects none of the tied and is reported, with the spec's sentence", () => {
    const d = decideElection(
      make({
        ballotsReturned: 900,
        invalidBallots: 0,
        seats: { member: 3 },
        candidates: [cand("c1", "李四"), cand("c2", "钱八"), cand("c4", "王五"), cand("c5", "赵六"), cand("c6", "孙七")],
        votes: [vote("member", "c1", 520), vote("member", "c2", 500), vote("member", "c4", 480), vote("member", "c5", 480), vote("member", "c6", 300)],
      }),
    );
    expect(winners(d, "member")).toEqual(["c1", "c2"]);
    expect(d.ties).toEqual([{ post: "member", seats: 1, between: ["c4", "c5"] }]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
    expect(texts(d, null)).toContain("委员：王五、赵六 均得 480 票，并列最后 1 个名额，均不当选，须就并列者重新投票");
    expect(texts(d, "c4")).toEqual(["委员：王五 得 480 票，与 赵六 并列最后 1 个名额，均不当选，须就并列者重新投票"]);
  });

  it("a tie across the last two seats elects none of the tied, however many seats remain", () => {
    const d = decideElection(
      make({
        seats: { member: 3 },
        candidates: [cand("c1", "甲"), cand("c2", "乙"), cand("c3", "丙"), cand("c4", "丁")],
        votes: [vote("member", "c1", 700), vote("member", "c2", 600), vote("member", "c3", 600), vote("member", "c4", 600)],
      }),
    );
    expect(winners(d, "member")).toEqual(["c1"]);
    expect(d.ties).toEqual([{ post: "member", seats: 2, between: ["c2", "c3", "c4"] }]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 2, womenOnly: false }]);
  });

  it("a tie for a single seat elects nobody (with one seat, only summing lets two pass)", () => {
    // Without summing two people cannot both have more than half of one column: the ballots cannot hold it.
    const d = decideElection(
      make({
        rules: { sumVotesAcrossPosts: true },
        seats: { director: 1, deputy: 1 },
        candidates: [cand("c0", "刘一", "male", "director"), cand("c1", "甲", "male", "director"), cand("c2", "乙", "male", "deputy")],
        votes: [vote("director", "c0", 700), vote("director", "c1", 300), vote("deputy", "c1", 250), vote("deputy", "c2", 550)],
      }),
    );
    expect(d.elected.map(who)).toEqual(["c0"]);
    expect(d.ties).toEqual([{ post: "deputy", seats: 1, between: ["c1", "c2"] }]);
    // Both the tied are the runoff list (seats 1 + margin 1).
    expect(d.runoffCandidates).toEqual([{ post: "deputy", womenOnly: false, between: ["c1", "c2"] }]);
  });

  it("equal votes inside the seats, or below the bar, are not a tie", () => {
    const d = decideElection(
      make({
        seats: { member: 3 },
        candidates: [cand("c1", "甲"), cand("c2", "乙"), cand("c3", "丙"), cand("c4", "丁")],
        votes: [vote("member", "c1", 600), vote("member", "c2", 600), vote("member", "c3", 400), vote("member", "c4", 400)],
      }),
    );
    expect(winners(d, "member")).toEqual(["c1", "c2"]);
    expect(d.ties).toEqual([]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
  });

  it("a post with seats but no votes at all is entirely unfilled, with an empty runoff list", () => {
    const d = decideElection(
      make({
        seats: { director: 1, deputy: 1 },
        candidates: [cand("c1", "张三", "male", "director")],
        votes: [vote("director", "c1", 700)],
      }),
    );
    expect(d.unfilled).toEqual([{ post: "deputy", seats: 1, womenOnly: false }]);
    expect(d.runoffCandidates).toEqual([{ post: "deputy", womenOnly: false, between: [] }]);
    expect(texts(d, null)).toContain("副主任：缺额 1 名，本轮没有得票的未当选的人，须另行提名另行选举候选人");
  });
});

// --- runoff candidates ------------------------------------------------------------------------

describe("runoffCandidates (first round)", () => {
  const members = (votes: [string, number][], margin = 1, seats = 3) =>
    decideElection(
      make({
        rules: { runoffMargin: margin },
        seats: { member: seats },
        candidates: votes.map(([id]) => cand(id, `人${id}`)),
        votes: votes.map(([id, n]) => vote("member", id, n)),
      }),
    );

  it("takes seats + runoffMargin of the best losers", () => {
    const d = members([
      ["c1", 700],
      ["c2", 650],
      ["c3", 500],
      ["c4", 450],
      ["c5", 400],
      ["c6", 300],
    ]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
    expect(d.runoffCandidates).toEqual([{ post: "member", womenOnly: false, between: ["c3", "c4"] }]);
    expect(texts(d, null)).toContain(
      "委员：缺额 1 名，另行选举候选人按未当选的人得票多少确定（缺额 1 名 + 差额 1 名，与末位得票相同者一并列入）：人c3 500 票、人c4 450 票",
    );
  });

  it("includes everyone tied at the boundary", () => {
    const d = members([
      ["c1", 600],
      ["c2", 560],
      ["c3", 500],
      ["c4", 400],
      ["c5", 400],
      ["c6", 400],
      ["c7", 200],
    ]);
    expect(d.runoffCandidates).toEqual([{ post: "member", womenOnly: false, between: ["c3", "c4", "c5", "c6"] }]);
  });

  it("uses the margin from the rules (0 and 2)", () => {
    const votes: [string, number][] = [
      ["c1", 700],
      ["c3", 500],
      ["c4", 450],
      ["c5", 400],
      ["c6", 300],
    ];
    expect(members(votes, 0).runoffCandidates[0]?.between).toEqual(["c3", "c4"]);
    expect(members(votes, 2).runoffCandidates[0]?.between).toEqual(["c3", "c4", "c5", "c6"]);
  });

  it("leaves out people elected to another post and people with no votes", () => {
    const d = decideElection(
      make({
        seats: { director: 1, member: 2 },
        candidates: [cand("c1", "张三", "male", "director"), cand("c2", "乙"), cand("c3", "丙"), cand("c4", "丁")],
        votes: [vote("director", "c1", 700), vote("member", "c1", 500), vote("member", "c2", 400), vote("member", "c3", 0)],
      }),
    );
    expect(d.elected).toEqual([{ post: "director", candidate: "c1", writeIn: null, votes: 700 }]);
    expect(d.runoffCandidates).toEqual([{ post: "member", womenOnly: false, between: ["c2"] }]);
  });

  it("are not produced by a runoff round", () => {
    const d = decideElection(
      make({
        round: "runoff",
        seats: { member: 2 },
        candidates: [cand("c1", "甲"), cand("c2", "乙")],
        votes: [vote("member", "c1", 400), vote("member", "c2", 300)],
      }),
    );
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
    expect(d.runoffCandidates).toEqual([]);
    expect(texts(d, null)).toContain("委员：另行选举后仍缺额 1 名，按本省规定再行选举或暂时空缺");
  });
});

// --- runoff round -----------------------------------------------------------------------------

describe("runoff round: most votes, but at least one third of the votes cast", () => {
  const runoff = (ballotsReturned: number, votes: [string, number][], seats = 1) =>
    decideElection(
      make({
        round: "runoff",
        ballotsReturned,
        invalidBallots: 0,
        seats: { member: seats },
        candidates: votes.map(([id]) => cand(id, `人${id}`)),
        votes: votes.map(([id, n]) => vote("member", id, n)),
      }),
    );

  it("exactly one third (366 of 1098) is enough, one vote less is not", () => {
    expect(oneThirdNeeded(1098)).toBe(366);
    const d = runoff(1098, [["c1", 366]]);
    expect(d.elected).toEqual([{ post: "member", candidate: "c1", writeIn: null, votes: 366 }]);
    expect(texts(d, "c1")).toEqual(["委员：人c1 得 366 票，不少于投票人数 1098 的三分之一（须 366 票），得票在应选名额以内，当选"]);
    const less = runoff(1098, [["c1", 365]]);
    expect(less.elected).toEqual([]);
    expect(less.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
    expect(texts(less, "c1")).toEqual(["委员：人c1 得 365 票，少于投票人数 1098 的三分之一（须 366 票），未当选"]);
  });

  it("rounds one third up when the votes cast do not divide by three (1099 → 367)", () => {
    expect(oneThirdNeeded(1099)).toBe(367);
    expect(runoff(1099, [["c1", 366]]).elected).toEqual([]);
    expect(runoff(1099, [["c1", 367]]).elected).toHaveLength(1);
  });

  it("elects the most votes without a majority", () => {
    const d = runoff(1098, [
      ["c1", 450],
      ["c2", 400],
      ["c3", 200],
    ]);
    expect(winners(d, "member")).toEqual(["c1"]);
    expect(texts(d, "c2")).toEqual(["委员：人c2 得 400 票，达到三分之一，但得票未进入应选的 1 个名额，未当选"]);
  });

  it("a tie at the cut elects none of the tied; the seat stays unfilled", () => {
    const d = runoff(
      1098,
      [
        ["c1", 500],
        ["c2", 400],
        ["c3", 400],
      ],
      2,
    );
    expect(winners(d, "member")).toEqual(["c1"]);
    expect(d.ties).toEqual([{ post: "member", seats: 1, between: ["c2", "c3"] }]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
  });

  it("a tie below one third is not a tie", () => {
    const d = runoff(
      1098,
      [
        ["c1", 300],
        ["c2", 300],
      ],
      1,
    );
    expect(d.ties).toEqual([]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
  });
});

// --- posts and summing ------------------------------------------------------------------------

describe("one person, one post; summing votes across posts", () => {
  // c1 stands for director; c2 for deputy; c3, c4 for member. c1 is also written in under deputy and member.
  const ballot = (sum: boolean) =>
    make({
      rules: { sumVotesAcrossPosts: sum },
      seats: { director: 1, deputy: 1, member: 2 },
      candidates: [
        cand("c1", "张三", "male", "director"),
        cand("c2", "李四", "male", "deputy"),
        cand("c3", "王五", "male", "member"),
        cand("c4", "赵六", "male", "member"),
      ],
      votes: [
        vote("director", "c1", 700),
        vote("director", "c2", 300),
        vote("deputy", "c1", 600),
        vote("deputy", "c2", 400),
        vote("member", "c1", 600),
        vote("member", "c3", 560),
        vote("member", "c4", 300),
        vote("member", "c2", 100),
      ],
    });

  it("without summing each column counts alone; the director winner passing for lower posts takes the higher one only", () => {
    const d = decideElection(ballot(false));
    expect(d.elected).toEqual([
      { post: "director", candidate: "c1", writeIn: null, votes: 700 },
      { post: "member", candidate: "c3", writeIn: null, votes: 560 },
    ]);
    // c2's 300 director votes do not help him for deputy (400 < 550).
    expect(d.unfilled).toEqual([
      { post: "deputy", seats: 1, womenOnly: false },
      { post: "member", seats: 1, womenOnly: false },
    ]);
    expect(texts(d, "c1")).toEqual([
      "主任：张三 得 700 票，超过投票人数 1098 的半数（须 550 票），当选",
      "副主任：张三 得 600 票，已当选主任，不再参加副主任的计票",
      "委员：张三 得 600 票，已当选主任，不再参加委员的计票",
    ]);
  });

  it("with summing a deputy count adds the director column, and a member count adds director and deputy", () => {
    const d = decideElection(ballot(true));
    // deputy: c2 = 300 + 400 = 700; member: c3 = 560, c4 = 300, c2 elected deputy already, c1 director.
    expect(d.elected).toEqual([
      { post: "director", candidate: "c1", writeIn: null, votes: 700 },
      { post: "deputy", candidate: "c2", writeIn: null, votes: 700 },
      { post: "member", candidate: "c3", writeIn: null, votes: 560 },
    ]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
    expect(d.runoffCandidates).toEqual([{ post: "member", womenOnly: false, between: ["c4"] }]);
    expect(texts(d, "c2")).toContain("副主任：李四 得 700 票（主任栏 300 + 副主任栏 400），超过投票人数 1098 的半数（须 550 票），当选");
    expect(texts(d, "c1")).toContain("委员：张三 得 1900 票（主任栏 700 + 副主任栏 600 + 委员栏 600），已当选主任，不再参加委员的计票");
  });

  it("the next person moves up when a higher-post winner would otherwise top a lower post", () => {
    const input = make({
      rules: { sumVotesAcrossPosts: true },
      seats: { director: 1, member: 1 },
      candidates: [cand("c1", "张三", "male", "director"), cand("c3", "王五"), cand("c4", "赵六")],
      votes: [vote("director", "c1", 700), vote("member", "c1", 380), vote("member", "c3", 560), vote("member", "c4", 100)],
    });
    expect(decideElection(input).elected.map(who)).toEqual(["c1", "c3"]);
  });

  it("a candidate's name written under another post counts there only with summing", () => {
    // c1 is a director candidate who loses; voters also wrote him under member. 300 + 300 passes only summed.
    const input = (sum: boolean) =>
      make({
        rules: { sumVotesAcrossPosts: sum },
        seats: { director: 1, member: 1 },
        candidates: [cand("c0", "刘一", "male", "director"), cand("c1", "张三", "male", "director"), cand("c3", "王五")],
        votes: [vote("director", "c0", 700), vote("director", "c1", 300), vote("member", "c1", 300), vote("member", "c3", 400)],
      });
    expect(winners(decideElection(input(false)), "member")).toEqual([]);
    expect(decideElection(input(true)).elected).toContainEqual({ post: "member", candidate: "c1", writeIn: null, votes: 600 });
  });

  it("the women seat adds the director and deputy columns but not the member column", () => {
    const input = make({
      rules: { sumVotesAcrossPosts: true, womenSeat: "reserved" },
      seats: { director: 1, member: 1, womenMember: 1 },
      candidates: [
        cand("c0", "刘一", "male", "director"),
        cand("f1", "周芳", "female", "director"),
        cand("f2", "吴丽", "female", "womenMember"),
        cand("m1", "王五", "male", "member"),
      ],
      votes: [
        vote("director", "c0", 700),
        vote("director", "f1", 300),
        vote("member", "m1", 600),
        vote("member", "f2", 400),
        vote("womenMember", "f1", 300),
        vote("womenMember", "f2", 200),
      ],
    });
    const d = decideElection(input);
    // f1: 300 + 300 = 600 for the women seat; f2: 200 (her 400 member votes do not count there).
    expect(d.elected).toContainEqual({ post: "womenMember", candidate: "f1", writeIn: null, votes: 600 });
    expect(texts(d, "f2")).toContain("妇女委员(专职专选)：吴丽 得 200 票，未过半数（须 550 票），未当选");
  });

  it("someone tied for a higher post still stands for the lower ones (the tie elected nobody)", () => {
    const d = decideElection(
      make({
        ballotsReturned: 1000,
        invalidBallots: 0,
        seats: { deputy: 2, member: 1 },
        candidates: [cand("c1", "甲", "male", "deputy"), cand("c2", "乙", "male", "deputy"), cand("c4", "丁", "male", "deputy"), cand("c3", "丙")],
        votes: [vote("deputy", "c1", 501), vote("deputy", "c2", 501), vote("deputy", "c4", 501), vote("member", "c1", 600), vote("member", "c3", 400)],
      }),
    );
    expect(d.ties).toEqual([{ post: "deputy", seats: 2, between: ["c1", "c2", "c4"] }]);
    expect(d.elected).toEqual([{ post: "member", candidate: "c1", writeIn: null, votes: 600 }]);
    // Elected to member, c1 is no longer a runoff candidate for deputy.
    expect(d.runoffCandidates).toEqual([{ post: "deputy", womenOnly: false, between: ["c2", "c4"] }]);
  });
});

// --- women seats ------------------------------------------------------------------------------

describe('womenSeat "reserved" (专职专选)', () => {
  const reserved = (votes: Vote[], candidates: Candidate[], extra: Over = {}) =>
    decideElection(make({ rules: { womenSeat: "reserved" }, seats: { womenMember: 1, ...extra.seats }, candidates, votes, ...extra }));

  it("skips a man with the most votes and elects the next woman", () => {
    // A runoff: in a first round a man and a woman cannot both have more than half of one column.
    const d = reserved([vote("womenMember", "f1", 400), writeIn("womenMember", "王强", "male", 600)], [cand("f1", "周芳", "female", "womenMember")], {
      round: "runoff",
    });
    expect(d.elected).toEqual([{ post: "womenMember", candidate: "f1", writeIn: null, votes: 400 }]);
    expect(texts(d, "王强")).toEqual([
      "妇女委员(专职专选)：王强（另选他人） 得 600 票，妇女委员(专职专选)只能由女性当选（适用的规则「妇女委员专职专选」），不计",
    ]);
  });

  it("leaves the seat unfilled, for women only, when no woman passes; the runoff list has women only", () => {
    const d = reserved(
      [writeIn("womenMember", "王强", "male", 600), vote("womenMember", "f1", 300), vote("womenMember", "f2", 100), vote("womenMember", "f3", 50)],
      [cand("f1", "周芳", "female", "womenMember"), cand("f2", "吴丽", "female", "womenMember"), cand("f3", "郑敏", "female", "womenMember")],
    );
    expect(d.elected).toEqual([]);
    expect(d.unfilled).toEqual([{ post: "womenMember", seats: 1, womenOnly: true }]);
    expect(d.runoffCandidates).toEqual([{ post: "womenMember", womenOnly: true, between: ["f1", "f2"] }]);
  });

  it("a woman elected member is out of the women seat; the next woman takes it", () => {
    const d = reserved(
      [vote("member", "f1", 700), vote("womenMember", "f1", 500), vote("womenMember", "f2", 400)],
      [cand("f1", "周芳", "female", "member"), cand("f2", "吴丽", "female", "womenMember")],
      { round: "runoff", seats: { member: 1, womenMember: 1 } },
    );
    expect(d.elected.map((e) => [e.post, who(e)])).toEqual([
      ["member", "f1"],
      ["womenMember", "f2"],
    ]);
  });

  it("a female write-in can win the women seat", () => {
    const d = reserved([writeIn("womenMember", "吴丽", "female", 600), vote("womenMember", "f1", 400)], [cand("f1", "周芳", "female", "womenMember")]);
    expect(d.elected).toEqual([{ post: "womenMember", candidate: null, writeIn: "吴丽", votes: 600 }]);
  });
});

describe("the women-seat reasons name the rule in force", () => {
  it("a man in a 另行选举 women-only column is refused citing 成员中至少有一名妇女, not 专职专选", () => {
    const d = decideElection(
      make({
        round: "runoff",
        rules: { womenSeat: "atLeastOneMember" },
        seats: { womenMember: 1 },
        candidates: [cand("f1", "周芳", "female", "womenMember")],
        votes: [vote("womenMember", "f1", 400), writeIn("womenMember", "王强", "male", 600)],
      }),
    );
    expect(d.elected).toEqual([{ post: "womenMember", candidate: "f1", writeIn: null, votes: 400 }]);
    const [line] = texts(d, "王强");
    expect(line).toContain("（适用的规则「成员中至少有一名妇女（在委员中产生）」）");
    expect(line).not.toContain("专职专选」");
  });

  it("uses the same words for the modes as the setup check", () => {
    expect(WOMEN_SEAT_RULE).toEqual(WOMEN_SEAT_LABEL);
  });
});

describe('womenSeat "atLeastOneMember"', () => {
  const men = [cand("m1", "甲"), cand("m2", "乙"), cand("m3", "丙")];
  const base = (votes: Vote[], candidates: Candidate[] = men, over: Over = {}) =>
    decideElection(make({ rules: { womenSeat: "atLeastOneMember" }, seats: { member: 3 }, candidates, votes, ...over }));

  it("with no woman elected, the member seat won with the fewest votes is held back for a woman", () => {
    const d = base(
      [
        vote("member", "m1", 700),
        vote("member", "m2", 650),
        vote("member", "m3", 600),
        vote("member", "f1", 400),
        vote("member", "f2", 300),
        vote("member", "f3", 300),
        writeIn("member", "郑敏", "female", 100),
      ],
      [...men, cand("f1", "周芳", "female"), cand("f2", "吴丽", "female"), cand("f3", "陈红", "female")],
    );
    expect(winners(d, "member")).toEqual(["m1", "m2"]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: true }]);
    // 1 seat + margin 1 = 2 women, and 吴丽 and 陈红 are level at the boundary.
    expect(d.runoffCandidates).toEqual([{ post: "member", womenOnly: true, between: ["f1", "f2", "f3"] }]);
    expect(texts(d, "m3")).toEqual([
      "委员：丙 得 600 票，已过半数，但本轮没有选出女性成员，按适用的规则「成员中至少有一名妇女（在委员中产生）」，其得票在当选委员中最少，该名额留作妇女名额，未当选",
    ]);
    expect(texts(d, null)).toContain(
      "委员：本轮没有选出女性成员，按适用的规则「成员中至少有一名妇女（在委员中产生）」，得票最少的委员名额（丙 600 票）不予确认，留作妇女名额，另行选举时只能选女性",
    );
  });

  it("holds nothing back when a woman is elected to director or deputy", () => {
    const d = base(
      [vote("director", "f1", 700), vote("member", "m1", 700), vote("member", "m2", 650), vote("member", "m3", 600)],
      [...men, cand("f1", "周芳", "female", "director")],
      { seats: { director: 1, member: 3 } },
    );
    expect(winners(d, "member")).toEqual(["m1", "m2", "m3"]);
    expect(d.unfilled).toEqual([]);
  });

  it("holds nothing back when a woman is elected member", () => {
    const d = base([vote("member", "m1", 700), vote("member", "f1", 650), vote("member", "m3", 600)], [...men, cand("f1", "周芳", "female")]);
    expect(winners(d, "member")).toEqual(["m1", "f1", "m3"]);
    expect(d.unfilled).toEqual([]);
  });

  it("takes the women seat from the empty seats when some were not filled: nobody loses a seat", () => {
    const d = base(
      [vote("member", "m1", 700), vote("member", "m2", 600), vote("member", "m3", 400), vote("member", "f1", 300)],
      [...men, cand("f1", "周芳", "female")],
    );
    expect(winners(d, "member")).toEqual(["m1", "m2"]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: true }]);
    expect(d.runoffCandidates).toEqual([{ post: "member", womenOnly: true, between: ["f1"] }]);
  });

  it("keeps the ordinary empty seats apart from the women seat, each with its own runoff list", () => {
    const d = base(
      [vote("member", "m1", 700), vote("member", "m2", 400), vote("member", "m3", 300), vote("member", "f1", 200)],
      [...men, cand("f1", "周芳", "female")],
    );
    expect(d.unfilled).toEqual([
      { post: "member", seats: 1, womenOnly: false },
      { post: "member", seats: 1, womenOnly: true },
    ]);
    expect(d.runoffCandidates).toEqual([
      { post: "member", womenOnly: false, between: ["m2", "m3"] },
      { post: "member", womenOnly: true, between: ["f1"] },
    ]);
  });

  it("when the two lowest winners are level, the held-back seat turns their seat into a tie", () => {
    const d = base([vote("member", "m1", 700), vote("member", "m2", 600), vote("member", "m3", 600)]);
    expect(winners(d, "member")).toEqual(["m1"]);
    expect(d.ties).toEqual([{ post: "member", seats: 1, between: ["m2", "m3"] }]);
    expect(d.unfilled).toEqual([
      { post: "member", seats: 1, womenOnly: false },
      { post: "member", seats: 1, womenOnly: true },
    ]);
    // No woman got a vote: the women seat needs new nominations.
    expect(d.runoffCandidates).toContainEqual({ post: "member", womenOnly: true, between: [] });
  });

  it("with a single member seat the only member winner gives it up", () => {
    const d = base([vote("member", "m1", 700), vote("member", "f1", 100)], [...men, cand("f1", "周芳", "female")], { seats: { member: 1 } });
    expect(d.elected).toEqual([]);
    expect(d.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: true }]);
  });

  it("does not hold anything back in a runoff; a women-only runoff seat is entered as womenMember", () => {
    const d = decideElection(
      make({
        round: "runoff",
        rules: { womenSeat: "atLeastOneMember" },
        seats: { member: 1, womenMember: 1 },
        candidates: [cand("m1", "甲"), cand("f1", "周芳", "female"), cand("f2", "吴丽", "female")],
        votes: [vote("member", "m1", 500), vote("womenMember", "f1", 400), vote("womenMember", "f2", 300)],
      }),
    );
    expect(d.elected.map((e) => [e.post, who(e)])).toEqual([
      ["member", "m1"],
      ["womenMember", "f1"],
    ]);
    expect(d.unfilled).toEqual([]);
  });

  it("without member seats in the round there is nothing to hold back; the explanation says so", () => {
    const d = decideElection(
      make({
        rules: { womenSeat: "atLeastOneMember" },
        seats: { director: 1 },
        candidates: [cand("c1", "张三", "male", "director")],
        votes: [vote("director", "c1", 700)],
      }),
    );
    expect(d.elected).toHaveLength(1);
    expect(texts(d, null)).toContain(
      "本轮没有选出女性成员，且本轮未设委员名额，无法按适用的规则「成员中至少有一名妇女（在委员中产生）」保留妇女名额；须另行安排妇女成员的选举",
    );
  });
});

// --- write-ins --------------------------------------------------------------------------------

describe("write-ins (另选他人)", () => {
  it("a write-in can win, and is reported by name", () => {
    const d = decideElection(
      make({
        seats: { director: 1 },
        candidates: [cand("c1", "张三", "male", "director")],
        votes: [vote("director", "c1", 300), writeIn("director", "王五", "male", 700)],
      }),
    );
    expect(d.elected).toEqual([{ post: "director", candidate: null, writeIn: "王五", votes: 700 }]);
    expect(texts(d, "王五")).toEqual(["主任：王五（另选他人） 得 700 票，超过投票人数 1098 的半数（须 550 票），当选"]);
  });

  it("rows with the same name are one person: summed across columns, and out of lower posts once elected", () => {
    const input = (sum: boolean) =>
      make({
        rules: { sumVotesAcrossPosts: sum },
        seats: { director: 1, member: 1 },
        candidates: [cand("c1", "张三", "male", "director")],
        votes: [
          vote("director", "c1", 600),
          writeIn("director", "王五", "male", 300),
          writeIn("member", "王 五", "male", 300),
          writeIn("member", "赵六", "male", 200),
        ],
      });
    expect(decideElection(input(true)).elected).toContainEqual({ post: "member", candidate: null, writeIn: "王五", votes: 600 });
    expect(winners(decideElection(input(false)), "member")).toEqual([]);
  });

  it("a write-in of a candidate's name is refused: namesakes (§7 case 23) make a name ambiguous", () => {
    const input = make({
      seats: { director: 1, member: 1 },
      candidates: [cand("c1", "张三", "male", "director")],
      votes: [vote("director", "c1", 600), writeIn("member", "张三", "male", 600)],
    });
    expect(errorOf(input)).toEqual({
      field: "votes[1].writeIn",
      message: "「张三」与候选人同名。如果选票写的就是该候选人，请改为 candidate（候选人编号）；如果是同名的另一位选民，请在姓名后加以区分，如「张三（二组）」",
    });
    // Told apart by the counting staff, the namesake is a different person; as the candidate, the votes are his.
    const other = decideElection({ ...input, votes: [vote("director", "c1", 600), writeIn("member", "张三（二组）", "male", 600)] });
    expect(other.elected.map(who)).toEqual(["c1", "张三（二组）"]);
  });

  it("two candidates of the same name are two people, told apart by id in the explanations", () => {
    const d = decideElection(
      make({
        seats: { member: 2 },
        candidates: [cand("c1", "张三"), cand("c2", "张三")],
        votes: [vote("member", "c1", 600), vote("member", "c2", 500)],
      }),
    );
    expect(winners(d, "member")).toEqual(["c1"]);
    expect(texts(d, "c2")).toEqual(["委员：张三（c2） 得 500 票，未过半数（须 550 票），未当选"]);
  });
});

// --- validation -------------------------------------------------------------------------------

describe("input validation", () => {
  const good = make({
    seats: { director: 1, member: 3 },
    candidates: [cand("c1", "张三", "male", "director"), cand("c2", "李四")],
    votes: [vote("director", "c1", 700), vote("member", "c2", 600), writeIn("member", "王五", "female", 620), vote("member", "c1", 10)],
  });
  const withVote = (i: number, v: unknown) => ({ ...good, votes: good.votes.map((x, j) => (j === i ? v : x)) });

  it("accepts the fixture", () => {
    expect(errorOf(good)).toBeNull();
  });

  it.each([
    ["a negative number", -1],
    ["a fraction", 1.5],
    ["a string", "7"],
    ["null", null],
  ])("names the field of a bad vote count (%s): votes[3].votes", (_label, bad) => {
    expect(errorOf(withVote(3, { ...vote("member", "c1", 0), votes: bad }))).toEqual({ field: "votes[3].votes", message: "必须是非负整数" });
  });

  it("throws an ElectionInputError whose message starts with the field path", () => {
    const bad = withVote(3, { post: "member", candidate: "c1", votes: -1 });
    expect(() => decideElection(bad)).toThrow(ElectionInputError);
    expect(() => decideElection(bad)).toThrow("votes[3].votes: 必须是非负整数");
    expect(tryDecideElection(bad)).toEqual({ ok: false, error: { field: "votes[3].votes", message: "必须是非负整数" } });
  });

  it.each([
    ["not an object", 42, "input", "必须是一个对象"],
    ["a missing field", { ...good, registeredVoters: undefined }, "registeredVoters", "缺少该字段"],
    ["zero registered voters", { ...good, registeredVoters: 0 }, "registeredVoters", "必须是正整数"],
    ["an unknown field", { ...good, registerdVoters: 1200 }, "registerdVoters", "未知的字段「registerdVoters」"],
    ["an unknown rule", { ...good, rules: { ...good.rules, sum: true } }, "rules.sum", "未知的字段「sum」"],
    ["a bad round", { ...good, round: "second" }, "round", "只能是 first（第一次投票）或 runoff（另行选举）"],
    ["a bad women rule", { ...good, rules: { ...good.rules, womenSeat: "yes" } }, "rules.womenSeat", "只能是 none、reserved 或 atLeastOneMember"],
    ["a bad post", withVote(0, { ...vote("director", "c1", 1), post: "chair" }), "votes[0].post", "只能是 director、deputy、member 或 womenMember"],
    [
      "a bad gender",
      { ...good, candidates: [cand("c1", "张三", "male", "director"), { ...cand("c2", "李四"), gender: "m" }] },
      "candidates[1].gender",
      "只能是 male 或 female",
    ],
    ["two directors", { ...good, seats: { ...good.seats, director: 2 } }, "seats.director", "必须是 0 至 1 的整数"],
    ["16 members", { ...good, seats: { ...good.seats, member: 16 } }, "seats.member", "必须是 0 至 15 的整数"],
    [
      "no seats at all",
      { ...good, seats: { director: 0, deputy: 0, member: 0, womenMember: 0 }, votes: [] },
      "seats",
      "本轮没有应选名额，至少应有一个职位的应选名额大于 0",
    ],
    ["too many seats", { ...good, seats: { director: 1, deputy: 2, member: 13, womenMember: 0 } }, "seats", "应选名额合计 16 名，超过 15 名"],
    ["more invalid than returned", { ...good, invalidBallots: 1099 }, "invalidBallots", "无效票 1099 张，多于收回的选票 1098 张"],
    ["more issued than registered", { ...good, ballotsIssued: 1201 }, "ballotsIssued", "发出选票 1201 张，多于登记选民 1200 人"],
    ["a duplicate candidate id", { ...good, candidates: [...good.candidates, cand("c2", "赵六")] }, "candidates[2].id", "候选人编号「c2」重复"],
    ["an empty name", { ...good, candidates: [cand("c1", " ", "male", "director"), cand("c2", "李四")] }, "candidates[0].name", "不能为空"],
  ])("refuses %s", (_label, raw, field, message) => {
    expect(errorOf(raw)).toEqual({ field, message });
  });

  it("refuses votes for an unknown candidate, and rows with both or neither of candidate and writeIn", () => {
    expect(errorOf(withVote(1, vote("member", "c9", 1)))).toEqual({ field: "votes[1].candidate", message: "没有编号为「c9」的候选人" });
    expect(errorOf(withVote(1, { post: "member", candidate: "c2", writeIn: "李四", votes: 1 }))?.field).toBe("votes[1]");
    expect(errorOf(withVote(1, { post: "member", votes: 1 }))).toEqual({
      field: "votes[1]",
      message: "必须填 candidate（候选人编号）或 writeIn（另选他人的姓名）之一",
    });
    // null counts as absent, so an `elected` row can be pasted back.
    expect(errorOf(withVote(1, { post: "member", candidate: "c2", writeIn: null, votes: 600 }))).toBeNull();
  });

  it("refuses write-ins without gender or with two genders, and a gender that contradicts the candidate list", () => {
    expect(errorOf(withVote(2, { post: "member", writeIn: "王五", votes: 1 }))).toEqual({
      field: "votes[2].gender",
      message: "另选他人必须填写性别（male 或 female），妇女名额的计算需要它",
    });
    const twoGenders = { ...good, votes: [...good.votes, writeIn("director", "王五", "male", 1)] };
    expect(errorOf(twoGenders)).toEqual({ field: "votes[4].gender", message: "与 votes[2] 中同一人「王五」的性别不一致" });
    expect(errorOf(withVote(1, { ...vote("member", "c2", 1), gender: "female" }))).toEqual({
      field: "votes[1].gender",
      message: "与候选人 李四（c2）登记的性别不一致",
    });
  });

  it("refuses a second row for the same person and post, and rows for a post with no seats", () => {
    expect(errorOf({ ...good, votes: [...good.votes, writeIn("member", " 王五", "female", 1)] })).toEqual({
      field: "votes[4]",
      message: "与 votes[2] 重复：同一人在委员栏只能有一条得票记录",
    });
    expect(errorOf(withVote(0, vote("deputy", "c1", 0)))).toEqual({
      field: "votes[0].post",
      message: "本轮副主任应选 0 名，选票上没有这一栏，不能有得票记录",
    });
  });

  it("refuses counts the ballots cannot hold", () => {
    // 1086 valid ballots.
    expect(errorOf(withVote(0, vote("director", "c1", 1087)))).toEqual({ field: "votes[0].votes", message: "得票 1087 票，多于有效选票 1086 张" });
    expect(errorOf(withVote(0, vote("director", "c1", 1086)))).toBeNull();
    const crowded = { ...good, seats: { ...good.seats, member: 1 } };
    expect(errorOf(crowded)).toEqual({ field: "votes", message: "委员栏得票合计 1230 票，超过有效选票 1086 张 × 应选 1 名 = 1086 票" });
  });

  it("refuses a women seat the rules do not have", () => {
    const women = (womenSeat: Rules["womenSeat"], round: ElectionInput["round"]) =>
      errorOf({ ...good, round, rules: { ...good.rules, womenSeat }, seats: { ...good.seats, womenMember: 1 } });
    expect(women("none", "first")?.field).toBe("seats.womenMember");
    expect(women("none", "runoff")?.field).toBe("seats.womenMember");
    expect(women("atLeastOneMember", "first")?.field).toBe("seats.womenMember");
    expect(women("atLeastOneMember", "runoff")).toBeNull();
    expect(women("reserved", "first")).toBeNull();
  });
});

// --- property tests ---------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, so every run sees the same "random" inputs and a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[between(rng, 0, items.length - 1)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}
function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = between(rng, 0, i);
    const a = out[i];
    const b = out[j];
    if (a === undefined || b === undefined) continue;
    out[i] = b;
    out[j] = a;
  }
  return out;
}

const CANDIDATE_NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"];
const WRITE_IN_NAMES = ["周杰", "吴霞", "郑强", "孙丽"];

/**
 * A random valid input, small enough that thresholds and ties are hit often: counts are drawn from the
 * values at and around the bars (½ and ⅓ of the votes cast) as well as at random.
 */
function randomInput(rng: Rng): ElectionInput {
  const round = rng() < 0.5 ? "first" : "runoff";
  const womenSeat = pick(rng, ["none", "reserved", "atLeastOneMember"] as const);
  const registeredVoters = between(rng, 1, 40);
  const ballotsIssued = rng() < 0.8 ? between(rng, Math.ceil(registeredVoters / 2), registeredVoters) : between(rng, 0, registeredVoters);
  const ballotsReturned = rng() < 0.1 ? ballotsIssued + 1 : between(rng, Math.min(ballotsIssued, Math.floor(registeredVoters / 2)), ballotsIssued);
  const invalidBallots = rng() < 0.5 ? 0 : between(rng, 0, Math.floor(ballotsReturned / 4));
  const womenAllowed = womenSeat === "reserved" || (womenSeat === "atLeastOneMember" && round === "runoff");
  const seats = {
    director: between(rng, 0, 1),
    deputy: between(rng, 0, 2),
    member: between(rng, 0, 4),
    womenMember: womenAllowed ? between(rng, 0, 1) : 0,
  };
  if (seats.director + seats.deputy + seats.member + seats.womenMember === 0) seats.member = 1;

  const candidates: Candidate[] = [];
  for (let i = 1; i <= between(rng, 0, 7); i++) {
    // Now and then a namesake of an earlier candidate.
    const name = candidates.length > 0 && rng() < 0.15 ? pick(rng, candidates).name : pick(rng, CANDIDATE_NAMES);
    candidates.push(cand(`c${i}`, name, rng() < 0.5 ? "male" : "female", pick(rng, ELECTION_POSTS)));
  }
  const writeIns = shuffled(rng, WRITE_IN_NAMES)
    .slice(0, between(rng, 0, 3))
    .map((name) => ({ name, gender: (rng() < 0.5 ? "male" : "female") as Gender }));

  const valid = ballotsReturned - invalidBallots;
  const cast = ballotsReturned;
  const votes: Vote[] = [];
  for (const post of ELECTION_POSTS) {
    if (seats[post] === 0) continue;
    const cap = valid * seats[post];
    let used = 0;
    let previous = 0;
    for (const person of [...candidates.map((c) => ({ c })), ...writeIns.map((w) => ({ w }))]) {
      if (rng() < 0.4) continue;
      // `previous` repeats the last count so that ties are common.
      const wanted = pick(rng, [
        0,
        between(rng, 0, valid),
        Math.floor(cast / 2),
        Math.floor(cast / 2) + 1,
        Math.ceil(cast / 3),
        Math.ceil(cast / 3) - 1,
        valid,
        previous,
        previous,
        previous,
        previous,
      ]);
      const n = Math.max(0, Math.min(wanted, valid, cap - used));
      used += n;
      previous = n;
      votes.push("c" in person ? vote(post, person.c.id, n) : writeIn(post, person.w.name, person.w.gender, n));
    }
  }
  return {
    round,
    rules: { sumVotesAcrossPosts: rng() < 0.5, womenSeat, runoffMargin: between(rng, 0, 3) },
    registeredVoters,
    ballotsIssued,
    ballotsReturned,
    invalidBallots,
    seats,
    candidates,
    votes,
  };
}

/** The count the law gives a person for a post, worked out here independently of the engine. */
function referenceCount(input: ElectionInput, key: string, post: ElectionPost): number {
  const sum = input.rules.sumVotesAcrossPosts;
  const cols: ElectionPost[] = !sum || post === "director" ? [post] : post === "deputy" ? ["director", "deputy"] : ["director", "deputy", post];
  return input.votes.filter((v) => cols.includes(v.post) && (v.candidate ?? v.writeIn ?? "").replace(/\s+/gu, "") === key).reduce((s, v) => s + v.votes, 0);
}

function genderOf(input: ElectionInput, key: string): Gender | undefined {
  return input.candidates.find((c) => c.id === key)?.gender ?? input.votes.find((v) => v.writeIn === key)?.gender ?? undefined;
}

function everyone(input: ElectionInput): string[] {
  return [...new Set([...input.candidates.map((c) => c.id), ...input.votes.flatMap((v) => (v.writeIn ? [v.writeIn] : []))])];
}

describe("properties over 400 seeded random inputs", () => {
  const cases = Array.from({ length: 400 }, (_, i) => {
    const rng = prng(20260418 + i);
    const input = randomInput(rng);
    return { i, input, rng };
  });
  const decided = cases.map(({ i, input, rng }) => ({ i, input, rng, d: decideElection(input) }));
  const validOnes = decided.filter((c) => c.d.valid);

  it("the generator covers the interesting cases", () => {
    // Without this the properties below could pass vacuously.
    expect(validOnes.length).toBeGreaterThan(150);
    expect(decided.filter((c) => c.d.invalidReason === "turnout").length).toBeGreaterThan(5);
    expect(decided.filter((c) => c.d.invalidReason === "ballotsExceedIssued").length).toBeGreaterThan(5);
    expect(validOnes.filter((c) => c.d.ties.length > 0).length).toBeGreaterThan(8);
    expect(validOnes.filter((c) => c.d.unfilled.some((u) => u.womenOnly && u.post === "member")).length).toBeGreaterThan(5);
    expect(validOnes.filter((c) => c.d.elected.some((e) => e.writeIn !== null)).length).toBeGreaterThan(10);
    expect(validOnes.filter((c) => c.d.runoffCandidates.some((r) => r.between.length > 0)).length).toBeGreaterThan(20);
    const atBar = validOnes.filter(({ input, d }) =>
      d.elected.some((e) => e.votes === (input.round === "first" ? majorityNeeded : oneThirdNeeded)(input.ballotsReturned)),
    );
    expect(atBar.length).toBeGreaterThan(10);
  });

  it("nobody is elected without more than half (first round) or one third (runoff) of the votes cast", () => {
    for (const { i, input, d } of validOnes) {
      for (const e of d.elected) {
        const ok = input.round === "first" ? e.votes * 2 > input.ballotsReturned : e.votes * 3 >= input.ballotsReturned;
        expect(ok, `case ${i}: ${JSON.stringify(e)} of ${input.ballotsReturned}`).toBe(true);
        expect(e.votes, `case ${i}`).toBe(referenceCount(input, who(e), e.post));
      }
    }
  });

  it("never more winners than seats; elected + unfilled = seats for every post; nobody holds two posts", () => {
    for (const { i, input, d } of validOnes) {
      for (const post of ELECTION_POSTS) {
        const won = d.elected.filter((e) => e.post === post).length;
        const empty = d.unfilled.filter((u) => u.post === post).reduce((s, u) => s + u.seats, 0);
        expect(won, `case ${i} ${post}`).toBeLessThanOrEqual(input.seats[post]);
        expect(won + empty, `case ${i} ${post}`).toBe(input.seats[post]);
      }
      const keys = d.elected.map(who);
      expect(new Set(keys).size, `case ${i}`).toBe(keys.length);
    }
  });

  it("an invalid round elects nobody and its reason matches the numbers", () => {
    for (const { i, input, d } of decided) {
      const expected =
        input.ballotsReturned > input.ballotsIssued ? "ballotsExceedIssued" : input.ballotsReturned * 2 > input.registeredVoters ? null : "turnout";
      expect(d.invalidReason, `case ${i}`).toBe(expected);
      expect(d.valid, `case ${i}`).toBe(expected === null);
      if (!d.valid) expect([d.elected, d.unfilled, d.ties, d.runoffCandidates], `case ${i}`).toEqual([[], [], [], []]);
    }
  });

  it("the same input gives the same output, whatever the order of candidates and vote rows", () => {
    for (const { i, input, rng, d } of decided) {
      expect(decideElection(input), `case ${i}`).toEqual(d);
      const reordered = { ...input, candidates: shuffled(rng, input.candidates), votes: shuffled(rng, input.votes) };
      expect(decideElection(reordered), `case ${i}`).toEqual(d);
    }
  });

  it("nobody not elected to a post had as many votes for it as someone elected, unless elected higher or barred as a man", () => {
    for (const { i, input, d } of validOnes) {
      for (const e of d.elected) {
        const rank = ELECTION_POSTS.indexOf(e.post);
        for (const other of everyone(input)) {
          if (other === who(e) || d.elected.some((x) => x.post === e.post && who(x) === other)) continue;
          const higher = d.elected.some((x) => who(x) === other && ELECTION_POSTS.indexOf(x.post) < rank);
          if (higher || (e.post === "womenMember" && genderOf(input, other) !== "female")) continue;
          expect(referenceCount(input, other, e.post), `case ${i}: ${other} vs ${who(e)} for ${e.post}`).toBeLessThan(e.votes);
        }
      }
    }
  });

  it("every empty seat has a reason: whoever passed the bar and could hold the post is elected or tied", () => {
    for (const { i, input, d } of validOnes) {
      for (const post of ELECTION_POSTS) {
        const open = d.unfilled.filter((u) => u.post === post && (post === "womenMember" || !u.womenOnly));
        if (open.length === 0) continue;
        const rank = ELECTION_POSTS.indexOf(post);
        const tied = d.ties.filter((t) => t.post === post).flatMap((t) => t.between);
        for (const k of everyone(input)) {
          const n = referenceCount(input, k, post);
          const passes = input.round === "first" ? n * 2 > input.ballotsReturned : n * 3 >= input.ballotsReturned;
          if (!passes || winners(d, post).includes(k)) continue;
          if (d.elected.some((x) => who(x) === k && ELECTION_POSTS.indexOf(x.post) < rank)) continue;
          if (post === "womenMember" && genderOf(input, k) !== "female") continue;
          expect(tied, `case ${i}: ${k} passed for ${post} with ${n}`).toContain(k);
        }
      }
    }
  });

  it("ties are real: the tied are level, not elected, and outnumber the seats they tie for", () => {
    for (const { i, input, d } of validOnes) {
      for (const t of d.ties) {
        const counts = new Set(t.between.map((k) => referenceCount(input, k, t.post)));
        expect(counts.size, `case ${i}`).toBe(1);
        expect(t.seats, `case ${i}`).toBeGreaterThanOrEqual(1);
        expect(t.between.length, `case ${i}`).toBeGreaterThan(t.seats);
        for (const k of t.between) expect(winners(d, t.post), `case ${i}`).not.toContain(k);
      }
    }
  });

  it("women seats: only women win womenMember; under atLeastOneMember a first round elects a woman or keeps a seat for one", () => {
    for (const { i, input, d } of validOnes) {
      for (const e of d.elected.filter((x) => x.post === "womenMember")) expect(genderOf(input, who(e)), `case ${i}`).toBe("female");
      if (input.round !== "first" || input.rules.womenSeat !== "atLeastOneMember" || input.seats.member === 0) continue;
      const womanElected = d.elected.some((e) => genderOf(input, who(e)) === "female");
      const kept = d.unfilled.filter((u) => u.post === "member" && u.womenOnly);
      expect(kept.length, `case ${i}`).toBe(womanElected ? 0 : 1);
    }
  });

  it("runoff lists: first round only, one per unfilled row, best losers with everyone level at the boundary", () => {
    for (const { i, input, d } of validOnes) {
      if (input.round === "runoff") {
        expect(d.runoffCandidates, `case ${i}`).toEqual([]);
        continue;
      }
      expect(
        d.runoffCandidates.map((r) => [r.post, r.womenOnly]),
        `case ${i}`,
      ).toEqual(d.unfilled.map((u) => [u.post, u.womenOnly]));
      for (const r of d.runoffCandidates) {
        const seats = d.unfilled.find((u) => u.post === r.post && u.womenOnly === r.womenOnly)?.seats ?? 0;
        const womenOnly = r.womenOnly || r.post === "womenMember";
        const losers = everyone(input)
          .filter((k) => !d.elected.some((e) => who(e) === k))
          .filter((k) => !womenOnly || genderOf(input, k) === "female")
          .filter((k) => referenceCount(input, k, r.post) > 0);
        const size = seats + input.rules.runoffMargin;
        expect(r.between.length, `case ${i}`).toBeGreaterThanOrEqual(Math.min(size, losers.length));
        for (const k of r.between) expect(losers, `case ${i}`).toContain(k);
        if (r.between.length === 0) continue;
        const line = Math.min(...r.between.map((k) => referenceCount(input, k, r.post)));
        for (const k of losers) if (referenceCount(input, k, r.post) >= line) expect(r.between, `case ${i}`).toContain(k);
        expect(r.between.filter((k) => referenceCount(input, k, r.post) > line).length, `case ${i}`).toBeLessThan(size);
      }
    }
  });

  it("a corrupted count is always refused with its field path", () => {
    for (const { i, input, rng } of decided) {
      if (input.votes.length === 0) continue;
      const at = between(rng, 0, input.votes.length - 1);
      const bad = { ...input, votes: input.votes.map((v, j) => (j === at ? { ...v, votes: -1 } : v)) };
      expect(errorOf(bad), `case ${i}`).toEqual({ field: `votes[${at}].votes`, message: "必须是非负整数" });
    }
  });
});

// --- the command line -------------------------------------------------------------------------

describe("npm run election:decide (scripts/election-decide.ts)", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const dir = mkdtempSync(path.join(tmpdir(), "election-decide-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (file: string) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/election-decide.ts", file], { cwd: root, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  const example = make({
    rules: { womenSeat: "atLeastOneMember" },
    seats: { director: 1, deputy: 1, member: 3 },
    candidates: [cand("c1", "张三", "male", "director"), cand("c2", "李四"), cand("c3", "周芳", "female")],
    votes: [vote("director", "c1", 700), vote("member", "c2", 520), vote("member", "c3", 560), writeIn("member", "王五", "female", 620)],
  });

  it("prints the decision as JSON and exits 0 (a UTF-8 byte-order mark is accepted)", () => {
    const r = run(write("ok.json", `\uFEFF${JSON.stringify(example)}`));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(decideElection(example));
  }, 60_000);

  it("prints a JSON error naming the field on stderr and exits 2 for malformed input", () => {
    const bad = { ...example, votes: [...example.votes, { post: "member", candidate: "c2", votes: -3 }] };
    const r = run(write("bad.json", JSON.stringify(bad)));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(JSON.parse(r.stderr)).toEqual({ error: { field: "votes[4].votes", message: "必须是非负整数" } });
  }, 60_000);

  it("exits 2 with a JSON error for a file that cannot be read", () => {
    const missing = path.join(dir, "missing.json");
    const r = run(missing);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({ error: { field: "file", message: `无法读取文件「${missing}」（ENOENT）` } });
  }, 60_000);

  it("exits 2 with a JSON error for a file that is not JSON", () => {
    const r = run(write("broken.json", "{ round: first"));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr).error.field).toBe("file");
  }, 60_000);
});
