import { describe, expect, it } from "vitest";
import { firstRoundBallot, nextRound, sectionTitle, writeInKey, type Ballot, type FormalCandidate } from "./ballot";
import {
  checkElectionInput,
  decideElection,
  ELECTION_POSTS,
  type ElectionDecision,
  type ElectionInput,
  type ElectionPost,
  type Gender,
} from "./election-engine";
import type { Post } from "./people";
import type { RuleValues } from "./rule-pack";
import { sortByStroke } from "./stroke-order";
import { engineInputFor, FIELD, readTallyForm, sumTallies, tallyProblems, type TallyValues } from "./tally";

// --- fixtures -------------------------------------------------------------------------------

type Rules = Pick<RuleValues, "sumVotesAcrossPosts" | "womenSeat" | "runoffMargin">;
const RULES: Rules = { sumVotesAcrossPosts: false, womenSeat: "none", runoffMargin: 1 };

const formal = (id: string, name: string, post: Post = "MEMBER", gender: "MALE" | "FEMALE" = "MALE"): FormalCandidate => ({ id, name, gender, post });

const seats = (s: Partial<Record<Post, number>>): Record<Post, number> => ({ DIRECTOR: 0, DEPUTY: 0, MEMBER: 0, WOMEN_MEMBER: 0, ...s });

type Round = { kind: "FIRST" | "RUNOFF"; ballot: Ballot; input: ElectionInput; decision: ElectionDecision };

/**
 * Runs one round the way the app does: the village totals (100 voters, all 100 ballots back and valid
 * unless told otherwise) through engineInputFor into the real engine. `counts` gives votes per column
 * by candidate key; printed people not named get 0.
 */
function runRound(args: {
  kind: "FIRST" | "RUNOFF";
  ballot: Ballot;
  counts: Partial<Record<ElectionPost, Record<string, number>>>;
  writeIns?: TallyValues["writeIns"];
  rules?: Partial<Rules>;
  registeredVoters?: number;
  returned?: number;
  issued?: number;
}): Round {
  const votes: TallyValues["votes"] = [];
  for (const s of args.ballot.sections) {
    const col = args.counts[s.post] ?? {};
    for (const c of s.candidates) votes.push({ post: s.post, key: c.key, votes: col[c.key] ?? 0 });
    for (const [key, n] of Object.entries(col)) if (!s.candidates.some((c) => c.key === key)) votes.push({ post: s.post, key, votes: n });
  }
  const returned = args.returned ?? 100;
  const totals: TallyValues = {
    ballotsIssued: args.issued ?? returned,
    ballotsReturned: returned,
    invalidBallots: 0,
    votes,
    writeIns: args.writeIns ?? [],
    exceedConfirmed: (args.issued ?? returned) < returned,
  };
  expect(tallyProblems(totals, args.ballot, null)).toEqual({});
  const input = engineInputFor({
    kind: args.kind,
    rules: { ...RULES, ...args.rules },
    registeredVoters: args.registeredVoters ?? 100,
    ballot: args.ballot,
    totals,
  });
  const checked = checkElectionInput(input);
  if (!checked.ok) throw new Error(`engine refused the input: ${checked.error.field}: ${checked.error.message}`);
  return { kind: args.kind, ballot: args.ballot, input: checked.input, decision: decideElection(checked.input) };
}

const keysOf = (b: Ballot, post: ElectionPost) => b.sections.find((s) => s.post === post)?.candidates.map((c) => c.key);
const byStroke = (b: Ballot, post: ElectionPost) => {
  const s = b.sections.find((x) => x.post === post)!;
  return sortByStroke(s.candidates, (c) => c.name).map((c) => c.key);
};

// --- the first round -------------------------------------------------------------------------

describe("firstRoundBallot", () => {
  const list = [
    formal("w1", "陈红", "WOMEN_MEMBER", "FEMALE"),
    formal("m4", "王五"),
    formal("d1", "周正", "DIRECTOR"),
    formal("m1", "丁一"),
    formal("x1", "马上", "DEPUTY"),
    formal("m3", "李四", "MEMBER", "FEMALE"),
    formal("m2", "张三"),
  ];

  it("prints only the posts with seats, in the order 主任, 副主任, 委员, 妇女委员", () => {
    const b = firstRoundBallot(seats({ DIRECTOR: 1, MEMBER: 3, WOMEN_MEMBER: 1 }), list);
    expect(b.sections.map((s) => s.post)).toEqual(["director", "member", "womenMember"]);
    expect(b.sections.map((s) => s.appPost)).toEqual(["DIRECTOR", "MEMBER", "WOMEN_MEMBER"]);
    expect(b.sections.map((s) => s.seats)).toEqual([1, 3, 1]);
    expect(b.sections.map((s) => s.womenOnly)).toEqual([false, false, true]);
    // The 副主任 candidate is not printed: the post has no seats.
    expect(b.sections.flatMap((s) => s.candidates.map((c) => c.key))).not.toContain("x1");

    const all = firstRoundBallot(seats({ DIRECTOR: 1, DEPUTY: 2, MEMBER: 3, WOMEN_MEMBER: 1 }), [...list].reverse());
    expect(all.sections.map((s) => s.post)).toEqual([...ELECTION_POSTS]);
    expect(keysOf(all, "deputy")).toEqual(["x1"]);
  });

  it("prints each post's candidates in stroke order, whatever the order of the list", () => {
    const names = ["王五", "丁一", "李四", "张三"];
    const b = firstRoundBallot(seats({ MEMBER: 2 }), list);
    const printed = b.sections[0]!.candidates.map((c) => c.name);
    expect(printed).toEqual(sortByStroke(names, (n) => n));
    expect(printed[0]).toBe("丁一"); // 丁 has 2 strokes
    expect(firstRoundBallot(seats({ MEMBER: 2 }), [...list].reverse()).sections[0]!.candidates.map((c) => c.name)).toEqual(printed);
  });

  it("orders namesakes by id, so the ballot is the same every time", () => {
    const b1 = firstRoundBallot(seats({ MEMBER: 1 }), [formal("b", "张三"), formal("a", "张三")]);
    const b2 = firstRoundBallot(seats({ MEMBER: 1 }), [formal("a", "张三"), formal("b", "张三")]);
    expect(keysOf(b1, "member")).toEqual(["a", "b"]);
    expect(keysOf(b2, "member")).toEqual(["a", "b"]);
  });

  it("carries each candidate's id as key and candidateId, and the gender in the engine's words", () => {
    const b = firstRoundBallot(seats({ MEMBER: 2 }), list);
    expect(b.sections[0]!.candidates.find((c) => c.name === "李四")).toEqual({ key: "m3", candidateId: "m3", name: "李四", gender: "female" });
    expect(b.sections[0]!.candidates.find((c) => c.name === "王五")?.gender).toBe("male");
  });

  it("prints a post with seats but no candidates as an empty section (write-ins only)", () => {
    const b = firstRoundBallot(seats({ DIRECTOR: 1 }), []);
    expect(b).toEqual({ sections: [{ post: "director", appPost: "DIRECTOR", seats: 1, womenOnly: false, candidates: [] }] });
  });

  it("has nothing to print without seats", () => {
    expect(firstRoundBallot(seats({}), list)).toEqual({ sections: [] });
  });
});

describe("sectionTitle", () => {
  it("heads each section with the post and the number to elect", () => {
    const b = firstRoundBallot(seats({ DIRECTOR: 1, MEMBER: 3, WOMEN_MEMBER: 1 }), []);
    expect(b.sections.map(sectionTitle)).toEqual(["主任（应选 1 名）", "委员（应选 3 名）", "妇女委员(专职专选)（应选 1 名）"]);
    expect(sectionTitle({ post: "womenMember", appPost: "MEMBER", womenOnly: true, seats: 1 })).toBe("委员（妇女名额）（应选 1 名）");
    expect(sectionTitle({ post: "deputy", appPost: "DEPUTY", womenOnly: false, seats: 2 })).toBe("副主任（应选 2 名）");
  });
});

// --- the next round ------------------------------------------------------------------------------

describe("nextRound", () => {
  const memberBallot = (n: number) =>
    firstRoundBallot(seats({ MEMBER: n }), [formal("a", "张三"), formal("b", "李四"), formal("c", "王五"), formal("d", "赵六")]);

  it("votes again on the same ballot after an invalid round (turnout)", () => {
    const ballot = memberBallot(2);
    const r = runRound({ kind: "FIRST", ballot, counts: { member: { a: 50 } }, returned: 50 }); // 50 of 100: not more than half
    expect(r.decision).toMatchObject({ valid: false, invalidReason: "turnout" });
    expect(nextRound(r)).toEqual({ kind: "FIRST", ballot });
    const runoff = runRound({ kind: "RUNOFF", ballot, counts: { member: { a: 50 } }, returned: 50 });
    expect(nextRound(runoff)).toEqual({ kind: "RUNOFF", ballot });
  });

  it("votes again on the same ballot after a void round (more returned than issued)", () => {
    const ballot = memberBallot(2);
    const r = runRound({ kind: "FIRST", ballot, counts: { member: { a: 80 } }, returned: 91, issued: 90 });
    expect(r.decision).toMatchObject({ valid: false, invalidReason: "ballotsExceedIssued" });
    expect(nextRound(r)).toEqual({ kind: "FIRST", ballot });
  });

  it("calls no round when every seat is filled", () => {
    const r = runRound({ kind: "FIRST", ballot: memberBallot(2), counts: { member: { a: 80, b: 60, c: 30 } } });
    expect(r.decision.unfilled).toEqual([]);
    expect(nextRound(r)).toBeNull();
  });

  it("sends an unfilled seat to a runoff among the engine's runoff candidates", () => {
    // Two 委员 seats; only 张三 passes the bar of 51. Runoff: 1 seat + margin 1 = 李四 and 王五.
    const r = runRound({ kind: "FIRST", ballot: memberBallot(2), counts: { member: { a: 70, b: 45, c: 40, d: 20 } } });
    expect(r.decision.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
    const between = r.decision.runoffCandidates[0]?.between ?? [];
    expect([...between].sort()).toEqual(["b", "c"]);

    const next = nextRound(r)!;
    expect(next.kind).toBe("RUNOFF");
    expect(next.ballot.sections).toHaveLength(1);
    expect(next.ballot.sections[0]).toMatchObject({ post: "member", appPost: "MEMBER", seats: 1, womenOnly: false });
    expect(keysOf(next.ballot, "member")).toEqual(byStroke(next.ballot, "member"));
    expect([...keysOf(next.ballot, "member")!].sort()).toEqual([...between].sort());
    expect(next.ballot.sections[0]!.candidates.find((c) => c.key === "b")).toEqual({ key: "b", candidateId: "b", name: "李四", gender: "male" });
  });

  it("sends a tie at the last seat to a re-vote among the tied, for the tied seats only", () => {
    // 张三 80 is elected; 李四 and 王五 both pass with 60 for the one seat left.
    const r = runRound({ kind: "FIRST", ballot: memberBallot(2), counts: { member: { a: 80, b: 60, c: 60 } } });
    expect(r.decision.ties).toEqual([{ post: "member", seats: 1, between: ["b", "c"] }]);
    const next = nextRound(r)!;
    expect(next.kind).toBe("RUNOFF");
    expect(next.ballot.sections).toEqual([{ post: "member", appPost: "MEMBER", seats: 1, womenOnly: false, candidates: expect.any(Array) }]);
    expect([...keysOf(next.ballot, "member")!].sort()).toEqual(["b", "c"]);

    // The re-vote elects one of them: that is one more 委员, not two.
    const revote = runRound({ kind: "RUNOFF", ballot: next.ballot, counts: { member: { b: 55, c: 45 } } });
    expect(revote.decision.elected).toEqual([{ post: "member", candidate: "b", writeIn: null, votes: 55 }]);
    expect(nextRound(revote)).toBeNull();
  });

  it("puts a tie and another post's runoff on one ballot, each with its own seats", () => {
    const ballot = firstRoundBallot(seats({ DIRECTOR: 1, MEMBER: 2 }), [
      formal("d1", "周正", "DIRECTOR"),
      formal("d2", "吴明", "DIRECTOR"),
      formal("a", "张三"),
      formal("b", "李四"),
      formal("c", "王五"),
    ]);
    const r = runRound({ kind: "FIRST", ballot, counts: { director: { d1: 45, d2: 40 }, member: { a: 80, b: 60, c: 60 } } });
    const next = nextRound(r)!;
    expect(next.ballot.sections.map((s) => [s.post, s.seats])).toEqual([
      ["director", 1],
      ["member", 1],
    ]);
    expect([...keysOf(next.ballot, "director")!].sort()).toEqual(["d1", "d2"]);
    expect([...keysOf(next.ballot, "member")!].sort()).toEqual(["b", "c"]);
  });

  it("after a runoff, a tie calls for another vote among the tied", () => {
    const ballot = memberBallot(1);
    const r = runRound({ kind: "RUNOFF", ballot, counts: { member: { a: 40, b: 40, c: 20 } } });
    expect(r.decision.ties).toEqual([{ post: "member", seats: 1, between: ["a", "b"] }]);
    const next = nextRound(r)!;
    expect(next.kind).toBe("RUNOFF");
    expect(next.ballot.sections).toHaveLength(1);
    expect(next.ballot.sections[0]!.seats).toBe(1);
    expect([...keysOf(next.ballot, "member")!].sort()).toEqual(["a", "b"]);
  });

  it("after a runoff, seats still empty call for no round", () => {
    // 30 of 100 is less than a third: nobody is elected, the seat stays vacant.
    const r = runRound({ kind: "RUNOFF", ballot: memberBallot(1), counts: { member: { a: 30, b: 20 } } });
    expect(r.decision.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: false }]);
    expect(r.decision.elected).toEqual([]);
    expect(nextRound(r)).toBeNull();
  });

  it("prints the seat held back for a woman as a women-only 委员 section, and runs its runoff", () => {
    const ballot = firstRoundBallot(seats({ MEMBER: 2 }), [
      formal("a", "张三"),
      formal("b", "李四"),
      formal("f1", "陈红", "MEMBER", "FEMALE"),
      formal("f2", "王芳", "MEMBER", "FEMALE"),
      formal("f3", "刘丽", "MEMBER", "FEMALE"),
      formal("d", "赵六"),
    ]);
    const rules = { womenSeat: "atLeastOneMember" as const };
    // Two men pass; no woman is elected, so 李四's seat (the fewer votes) is held back for a woman.
    const r = runRound({ kind: "FIRST", ballot, rules, counts: { member: { a: 60, b: 55, f1: 30, f2: 25, f3: 5, d: 20 } } });
    expect(r.decision.elected.map((e) => e.candidate)).toEqual(["a"]);
    expect(r.decision.unfilled).toEqual([{ post: "member", seats: 1, womenOnly: true }]);
    const women = r.decision.runoffCandidates.find((x) => x.womenOnly)!.between;
    expect([...women].sort()).toEqual(["f1", "f2"]);

    const next = nextRound(r)!;
    expect(next.kind).toBe("RUNOFF");
    expect(next.ballot.sections).toHaveLength(1);
    const s = next.ballot.sections[0]!;
    expect(s).toMatchObject({ post: "womenMember", appPost: "MEMBER", womenOnly: true, seats: 1 });
    expect(sectionTitle(s)).toBe("委员（妇女名额）（应选 1 名）");
    expect(s.candidates.map((c) => c.key).sort()).toEqual([...women].sort());
    expect(s.candidates.every((c) => c.gender === "female")).toBe(true);
    expect(s.candidates.map((c) => c.key)).toEqual(byStroke(next.ballot, "womenMember"));

    // The runoff on that ballot is accepted by the engine and elects a woman to the seat.
    const runoff = runRound({ kind: "RUNOFF", ballot: next.ballot, rules, counts: { womenMember: { f1: 40, f2: 35 } } });
    expect(runoff.decision.elected).toEqual([{ post: "womenMember", candidate: "f1", writeIn: null, votes: 40 }]);
    expect(nextRound(runoff)).toBeNull();
  });

  it("keeps the ordinary empty seats and the women seat apart", () => {
    const ballot = firstRoundBallot(seats({ MEMBER: 3 }), [
      formal("a", "张三"),
      formal("b", "李四"),
      formal("c", "王五"),
      formal("f1", "陈红", "MEMBER", "FEMALE"),
    ]);
    // Only 张三 passes; one of the two empty seats is kept for a woman.
    const r = runRound({ kind: "FIRST", ballot, rules: { womenSeat: "atLeastOneMember" }, counts: { member: { a: 60, b: 40, c: 30, f1: 20 } } });
    expect(r.decision.unfilled).toEqual([
      { post: "member", seats: 1, womenOnly: false },
      { post: "member", seats: 1, womenOnly: true },
    ]);
    const next = nextRound(r)!;
    expect(next.ballot.sections.map((s) => [s.post, s.appPost, s.seats, s.womenOnly])).toEqual([
      ["member", "MEMBER", 1, false],
      ["womenMember", "MEMBER", 1, true],
    ]);
    expect(keysOf(next.ballot, "womenMember")).toEqual(["f1"]);
  });

  it("carries a first-round write-in into the runoff as w:<name> with the gender typed on the sheet", () => {
    const ballot = memberBallot(2);
    const r = runRound({
      kind: "FIRST",
      ballot,
      counts: { member: { a: 70, b: 30 } },
      writeIns: [{ post: "member", name: "孙八", gender: "female", votes: 45 }],
    });
    expect(r.decision.runoffCandidates).toEqual([{ post: "member", womenOnly: false, between: ["孙八", "b"] }]);
    const next = nextRound(r)!;
    const carried = next.ballot.sections[0]!.candidates.find((c) => c.name === "孙八");
    expect(carried).toEqual({ key: writeInKey("孙八"), candidateId: null, name: "孙八", gender: "female" });
    expect(carried?.key).toBe("w:孙八");
    expect(next.ballot.sections[0]!.seats).toBe(1);

    // In the runoff the clerk types her count in her printed field, and the engine elects her by key.
    const f: Record<string, string> = { [FIELD.issued]: "100", [FIELD.returned]: "100", [FIELD.invalid]: "0" };
    f[FIELD.vote("member", "w:孙八")] = "50";
    f[FIELD.vote("member", "b")] = "30";
    const read = readTallyForm(f, next.ballot);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const input = engineInputFor({ kind: "RUNOFF", rules: RULES, registeredVoters: 100, ballot: next.ballot, totals: read.values });
    expect(decideElection(input).elected).toEqual([{ post: "member", candidate: "w:孙八", writeIn: null, votes: 50 }]);
  });

  it("finds a write-in's gender even when the name was typed with spaces", () => {
    const ballot = memberBallot(2);
    const r = runRound({
      kind: "FIRST",
      ballot,
      counts: { member: { a: 70, b: 30 } },
      writeIns: [{ post: "member", name: "孙 八", gender: "female", votes: 45 }],
    });
    const next = nextRound(r)!;
    expect(next.ballot.sections[0]!.candidates.find((c) => c.key === "w:孙八")?.gender).toBe("female");
  });
});

// --- property: random villages ---------------------------------------------------------------------

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, pick };
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "芳", "红"];

describe("property: tallies of random villages", () => {
  it("always build an engine input that is accepted, and never elect more than the seats", () => {
    const stats = { decided: 0, elected: 0, ties: 0, runoffs: 0, writeIns: 0 };
    for (let iter = 0; iter < 200; iter++) {
      const r = rng(1000 + iter);
      const kind = r.pick(["FIRST", "RUNOFF"] as const);
      const womenSeat = r.pick(["none", "reserved", "atLeastOneMember"] as const);
      const rules: Rules = { sumVotesAcrossPosts: r.next() < 0.5, womenSeat, runoffMargin: r.int(0, 2) };
      const womenAllowed = womenSeat === "reserved" || (womenSeat === "atLeastOneMember" && kind === "RUNOFF");
      const s = seats({ DIRECTOR: r.int(0, 1), DEPUTY: r.int(0, 2), MEMBER: r.int(0, 4), WOMEN_MEMBER: womenAllowed ? r.int(0, 1) : 0 });
      if (s.DIRECTOR + s.DEPUTY + s.MEMBER + s.WOMEN_MEMBER === 0) s.MEMBER = 1;

      // Distinct names: a write-in never shares a candidate's name (the form would turn it into a vote).
      const names = new Set<string>();
      const newName = () => {
        for (;;) {
          const n = r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.3 ? r.pick(GIVEN) : "");
          if (!names.has(n)) {
            names.add(n);
            return n;
          }
        }
      };
      const list: FormalCandidate[] = [];
      for (const post of ["DIRECTOR", "DEPUTY", "MEMBER", "WOMEN_MEMBER"] as const) {
        for (let i = r.int(0, s[post] + 2); i > 0; i--) {
          const gender = post === "WOMEN_MEMBER" || r.next() < 0.4 ? "FEMALE" : "MALE";
          list.push(formal(`c${list.length + 1}`, newName(), post, gender));
        }
      }
      const ballot = firstRoundBallot(s, list);
      // Write-ins: one gender per person for the whole village.
      const writeInPool = Array.from({ length: r.int(0, 3) }, () => ({ name: newName(), gender: r.pick(["male", "female"] as const) as Gender }));
      const everyone = ballot.sections.flatMap((x) => x.candidates.map((c) => c.key));

      const boxes: TallyValues[] = [];
      const liking = new Map<string, number>();
      let registeredVoters = 0;
      for (let b = r.int(1, 4); b > 0; b--) {
        // Small boxes now and then, so that equal counts (ties) come up.
        const voters = r.next() < 0.4 ? r.int(1, 8) : r.int(1, 120);
        registeredVoters += voters;
        // Mostly a good turnout, sometimes a poor one, now and then more returned than issued.
        const issued = r.next() < 0.1 ? r.int(0, voters) : r.int(Math.floor(voters * 0.7), voters);
        const exceed = issued < voters && r.next() < 0.05;
        const returned = exceed ? r.int(issued + 1, voters) : r.int(Math.floor(issued * 0.8), issued);
        const invalid = r.int(0, Math.min(returned, 5));
        const box: TallyValues = {
          ballotsIssued: issued,
          ballotsReturned: returned,
          invalidBallots: invalid,
          votes: [],
          writeIns: [],
          exceedConfirmed: exceed,
        };
        for (const sec of ballot.sections) {
          // Who can be marked in this column: the printed people, sometimes someone printed in another
          // column, and the write-ins this box saw.
          const printed = sec.candidates.map((c) => c.key);
          const cross = everyone.filter((k) => !printed.includes(k) && r.next() < 0.2);
          const wi = writeInPool.filter(() => r.next() < 0.5);
          const marks = new Map<string, number>([...printed, ...cross, ...wi.map((x) => `w|${x.name}`)].map((k) => [k, 0]));
          const keys = [...marks.keys()];
          // The village's liking for each person, so that some pass the bar and some tie.
          for (const k of keys) if (!liking.has(k)) liking.set(k, r.int(0, 3) ** 2);
          const weighted = keys.flatMap((k) => Array.from({ length: 1 + (liking.get(k) ?? 0) }, () => k));
          // Each valid ballot marks up to `seats` different people in the column.
          for (let v = returned - invalid; v > 0; v--) {
            const n = r.next() < 0.8 ? Math.min(sec.seats, keys.length) : r.int(0, Math.min(sec.seats, keys.length));
            const chosen = new Set<string>();
            while (chosen.size < n) chosen.add(r.pick(weighted));
            for (const k of chosen) marks.set(k, (marks.get(k) ?? 0) + 1);
          }
          for (const k of [...printed, ...cross]) box.votes.push({ post: sec.post, key: k, votes: marks.get(k) ?? 0 });
          for (const x of wi) box.writeIns.push({ post: sec.post, name: x.name, gender: x.gender, votes: marks.get(`w|${x.name}`) ?? 0 });
        }
        expect(tallyProblems(box, ballot, voters), `iteration ${iter}: generated box is not a valid sheet`).toEqual({});
        boxes.push(box);
      }

      const input = engineInputFor({ kind, rules, registeredVoters, ballot, totals: sumTallies(boxes) });
      const checked = checkElectionInput(input);
      expect(checked.ok ? null : checked.error, `iteration ${iter}`).toBeNull();
      const decision = decideElection(input);
      if (!decision.valid) continue;
      stats.decided++;
      stats.elected += decision.elected.length;
      stats.ties += decision.ties.length;
      stats.writeIns += decision.elected.filter((e) => e.writeIn !== null).length;
      for (const post of ELECTION_POSTS) {
        const elected = decision.elected.filter((e) => e.post === post);
        expect(elected.length, `iteration ${iter}, ${post}`).toBeLessThanOrEqual(input.seats[post]);
        const empty = decision.unfilled.filter((u) => u.post === post).reduce((sum, u) => sum + u.seats, 0);
        expect(elected.length + empty, `iteration ${iter}, ${post}: elected + unfilled = seats`).toBe(input.seats[post]);
      }
      // Nobody holds two seats.
      const who = decision.elected.map((e) => e.candidate ?? e.writeIn);
      expect(new Set(who).size, `iteration ${iter}`).toBe(who.length);

      // The next ballot offers exactly the seats still to fill: the unfilled ones after a first
      // round, the tied ones after a runoff.
      const next = nextRound({ kind, ballot, input: checked.ok ? checked.input : input, decision });
      const toFill = kind === "FIRST" ? decision.unfilled.reduce((n, u) => n + u.seats, 0) : decision.ties.reduce((n, t) => n + t.seats, 0);
      const offered = next ? next.ballot.sections.reduce((n, x) => n + x.seats, 0) : 0;
      expect(offered, `iteration ${iter}: seats on the next ballot`).toBe(toFill);
      if (next) stats.runoffs++;
    }
    // The generator reaches the interesting cases.
    expect(stats.decided).toBeGreaterThan(100);
    expect(stats.elected).toBeGreaterThan(50);
    expect(stats.ties).toBeGreaterThan(0);
    expect(stats.runoffs).toBeGreaterThan(20);
    expect(stats.writeIns).toBeGreaterThan(0);
  });
});
