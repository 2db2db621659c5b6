// The election rules engine: from the tally of one round (first ballot or 另行选举) to who is elected,
// which seats stay empty, which ties need a re-vote and who stands in the 另行选举 (docs/rules/election-day.md,
// edge cases 23-31). Pure and deterministic: no I/O, no clock, no locale-dependent sorting, and the
// order of entries in the input never changes the result.
//
// The decisions the law leaves open are written down here and in docs/election-decide.md; the short
// form of each is in the comment where it is implemented.
import { z } from "zod";
import { POST_LABEL, type Post } from "./people";

// ---------------------------------------------------------------------------------------------
// Posts. The engine speaks the JSON names of the spec; ENGINE_POST maps them to the app's Post codes.

/** Posts in the order they are decided: a person elected to an earlier post is out of the later ones. */
export const ELECTION_POSTS = ["director", "deputy", "member", "womenMember"] as const;
export type ElectionPost = (typeof ELECTION_POSTS)[number];

export const ENGINE_POST: Record<ElectionPost, Post> = {
  director: "DIRECTOR",
  deputy: "DEPUTY",
  member: "MEMBER",
  womenMember: "WOMEN_MEMBER",
};

const label = (post: ElectionPost) => POST_LABEL[ENGINE_POST[post]];

export type Gender = "male" | "female";

/**
 * The columns whose votes make up a person's count for a post. With summing (fymate 169200, 167987) a
 * 委员 count is 主任 + 副主任 + 委员 votes. The 专职专选 women seat is a 委员-level post too, so it adds
 * the 主任 and 副主任 columns, but not the 委员 column: the two are parallel columns of the same rank,
 * and letting 委员 votes decide the separately elected women seat would undo 专职专选.
 */
function countedColumns(post: ElectionPost, sum: boolean): ElectionPost[] {
  if (!sum || post === "director") return [post];
  return post === "deputy" ? ["director", "deputy"] : ["director", "deputy", post];
}

// ---------------------------------------------------------------------------------------------
// Thresholds. All integer arithmetic, so there is no rounding question at exactly ½ or ⅓.

/** Ballots needed for a valid election: more than half of the registered voters (exactly half fails). */
export const turnoutNeeded = (registeredVoters: number) => Math.floor(registeredVoters / 2) + 1;
/** First round: more than half of the votes cast ("过半数" is strict). */
export const majorityNeeded = (votesCast: number) => Math.floor(votesCast / 2) + 1;
/** 另行选举: not less than one third of the votes cast ("不得少于三分之一": exactly ⅓ is enough). */
export const oneThirdNeeded = (votesCast: number) => Math.ceil(votesCast / 3);

// ---------------------------------------------------------------------------------------------
// Input. Zod at the boundary: the tally is typed in by a clerk or exported by the app, and a wrong
// number here elects the wrong person, so every field is checked and unknown keys are refused.

const LIMITS = { voters: 10_000_000, seats: { director: 1, deputy: 10, member: 15, womenMember: 1 }, committee: 15 };

const missingOr = (message: string) => (iss: { input?: unknown }) => (iss.input === undefined ? "缺少该字段" : message);

const count = (max: number, message = "必须是非负整数", tooBig = `不能大于 ${max}`) =>
  z
    .number({ error: missingOr(message) })
    .int(message)
    .min(0, message)
    .max(max, tooBig);

const seatCount = (max: number) => count(max, `必须是 0 至 ${max} 的整数`, `必须是 0 至 ${max} 的整数`);

const text = (max: number) => z.string({ error: missingOr("必须是字符串") }).max(max, `不能超过 ${max} 个字符`);

const object = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, {
    error: (iss) => (iss.code === "unrecognized_keys" ? "未知的字段" : iss.input === undefined ? "缺少该字段" : "必须是一个对象"),
  });

const array = <T extends z.ZodType>(item: T, max: number) => z.array(item, { error: missingOr("必须是数组") }).max(max, `最多 ${max} 项`);

const postSchema = z.enum(ELECTION_POSTS, { error: missingOr("只能是 director、deputy、member 或 womenMember") });
const genderSchema = z.enum(["male", "female"], { error: missingOr("只能是 male 或 female") });

export const electionInputSchema = object({
  round: z.enum(["first", "runoff"], { error: missingOr("只能是 first（第一次投票）或 runoff（另行选举）") }),
  rules: object({
    sumVotesAcrossPosts: z.boolean({ error: missingOr("必须是 true 或 false") }),
    womenSeat: z.enum(["none", "reserved", "atLeastOneMember"], {
      error: missingOr("只能是 none、reserved 或 atLeastOneMember"),
    }),
    runoffMargin: count(10, "必须是 0 至 10 的整数", "必须是 0 至 10 的整数"),
  }),
  registeredVoters: count(LIMITS.voters, "必须是正整数").min(1, "必须是正整数"),
  ballotsIssued: count(LIMITS.voters),
  ballotsReturned: count(LIMITS.voters),
  invalidBallots: count(LIMITS.voters),
  seats: object({
    director: seatCount(LIMITS.seats.director),
    deputy: seatCount(LIMITS.seats.deputy),
    member: seatCount(LIMITS.seats.member),
    womenMember: seatCount(LIMITS.seats.womenMember),
  }),
  candidates: array(object({ id: text(64), name: text(50), gender: genderSchema, post: postSchema }), 500),
  votes: array(
    object({
      post: postSchema,
      // null is accepted as "absent" so that a decision's `elected` rows can be pasted back in.
      candidate: text(64).nullish(),
      writeIn: text(50).nullish(),
      gender: genderSchema.nullish(),
      votes: count(LIMITS.voters),
    }),
    5000,
  ),
});

export type ElectionInput = z.infer<typeof electionInputSchema>;

export type ElectionInputIssue = { field: string; message: string };

/** Thrown for malformed input; `issue.field` is a path such as "votes[3].votes". */
export class ElectionInputError extends Error {
  constructor(readonly issue: ElectionInputIssue) {
    super(`${issue.field}: ${issue.message}`);
    this.name = "ElectionInputError";
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
  return out || "input";
}

/**
 * Names are compared without any whitespace: a clerk typing "王 五" from a tally sheet means 王五, and
 * Chinese names contain no spaces. The cleaned name is what the output shows.
 */
export const normalizeName = (name: string) => name.replace(/\s+/gu, "");

/**
 * Parses and checks an input. Returns the first problem only, in a fixed order (shape first, then the
 * numbers, the seats, the candidates and the votes in input order), so the same file always gets the
 * same message. Names in the returned input are normalized.
 */
export function checkElectionInput(raw: unknown): { ok: true; input: ElectionInput } | { ok: false; error: ElectionInputIssue } {
  const parsed = electionInputSchema.safeParse(raw);
  if (!parsed.success) {
    const iss = parsed.error.issues[0];
    if (!iss) return { ok: false, error: { field: "input", message: "输入无效" } };
    if (iss.code === "unrecognized_keys") {
      const key = iss.keys[0] ?? "";
      return { ok: false, error: { field: fieldPath([...iss.path, key]), message: `未知的字段「${key}」` } };
    }
    return { ok: false, error: { field: fieldPath(iss.path), message: iss.message } };
  }
  const input: ElectionInput = {
    ...parsed.data,
    candidates: parsed.data.candidates.map((c) => ({ ...c, id: c.id.trim(), name: normalizeName(c.name) })),
    votes: parsed.data.votes.map((v) => ({
      ...v,
      candidate: v.candidate === undefined || v.candidate === null ? v.candidate : v.candidate.trim(),
      writeIn: v.writeIn === undefined || v.writeIn === null ? v.writeIn : normalizeName(v.writeIn),
    })),
  };
  const problem = semanticProblem(input);
  return problem ? { ok: false, error: problem } : { ok: true, input };
}

export function parseElectionInput(raw: unknown): ElectionInput {
  const r = checkElectionInput(raw);
  if (!r.ok) throw new ElectionInputError(r.error);
  return r.input;
}

const present = (s: string | null | undefined): s is string => s !== undefined && s !== null;

function semanticProblem(input: ElectionInput): ElectionInputIssue | null {
  const { seats, rules } = input;
  const issue = (field: string, message: string) => ({ field, message });

  if (input.ballotsIssued > input.registeredVoters) {
    // One ballot per registered voter, proxies included (a proxy's ballots are their principals').
    return issue("ballotsIssued", `发出选票 ${input.ballotsIssued} 张，多于登记选民 ${input.registeredVoters} 人`);
  }
  if (input.invalidBallots > input.ballotsReturned) {
    return issue("invalidBallots", `无效票 ${input.invalidBallots} 张，多于收回的选票 ${input.ballotsReturned} 张`);
  }

  const totalSeats = ELECTION_POSTS.reduce((s, p) => s + seats[p], 0);
  if (totalSeats === 0) return issue("seats", "本轮没有应选名额，至少应有一个职位的应选名额大于 0");
  if (totalSeats > LIMITS.committee) return issue("seats", `应选名额合计 ${totalSeats} 名，超过 ${LIMITS.committee} 名`);
  if (seats.womenMember > 0) {
    // "reserved" is 专职专选. Under "atLeastOneMember" the first round reports a women-only 委员 seat;
    // its 另行选举 is entered as a womenMember seat, since the runoff input cannot otherwise say that
    // the seat is for women (docs/election-decide.md, "women seats").
    const allowed = rules.womenSeat === "reserved" || (rules.womenSeat === "atLeastOneMember" && input.round === "runoff");
    if (!allowed) {
      return issue(
        "seats.womenMember",
        rules.womenSeat === "none"
          ? "适用的规则没有妇女名额（womenSeat 为 none），妇女委员名额应为 0"
          : "妇女成员在委员中产生（womenSeat 为 atLeastOneMember），第一次投票的妇女委员名额应为 0；只有另行选举妇女名额时才单列",
      );
    }
  }

  const candidateById = new Map<string, ElectionInput["candidates"][number]>();
  const candidateNames = new Set<string>();
  for (const [i, c] of input.candidates.entries()) {
    if (!c.id) return issue(`candidates[${i}].id`, "不能为空");
    if (!c.name) return issue(`candidates[${i}].name`, "不能为空");
    if (candidateById.has(c.id)) return issue(`candidates[${i}].id`, `候选人编号「${c.id}」重复`);
    candidateById.set(c.id, c);
    candidateNames.add(c.name);
  }

  const valid = input.ballotsReturned - input.invalidBallots;
  const writeInGender = new Map<string, { gender: Gender; index: number }>();
  const seen = new Map<string, number>();
  const columnTotal: Record<ElectionPost, number> = { director: 0, deputy: 0, member: 0, womenMember: 0 };

  for (const [i, v] of input.votes.entries()) {
    const at = `votes[${i}]`;
    const hasCandidate = present(v.candidate);
    const hasWriteIn = present(v.writeIn);
    if (hasCandidate && hasWriteIn) return issue(at, "candidate 与 writeIn 只能填一个：候选人填 candidate（编号），另选他人填 writeIn（姓名）");
    if (!hasCandidate && !hasWriteIn) return issue(at, "必须填 candidate（候选人编号）或 writeIn（另选他人的姓名）之一");
    if (seats[v.post] === 0) {
      return issue(`${at}.post`, `本轮${label(v.post)}应选 0 名，选票上没有这一栏，不能有得票记录`);
    }

    let key: string;
    if (hasCandidate) {
      const c = candidateById.get(v.candidate ?? "");
      if (!c) return issue(`${at}.candidate`, `没有编号为「${v.candidate}」的候选人`);
      if (present(v.gender) && v.gender !== c.gender) {
        return issue(`${at}.gender`, `与候选人 ${c.name}（${c.id}）登记的性别不一致`);
      }
      key = c.id;
    } else {
      const name = v.writeIn ?? "";
      if (!name) return issue(`${at}.writeIn`, "另选他人的姓名不能为空");
      // Namesakes (docs/rules/election-day.md, edge case 23): a name alone cannot tell the candidate from another villager of
      // the same name, so the engine never guesses. The counting staff decide at the count.
      if (candidateNames.has(name)) {
        return issue(
          `${at}.writeIn`,
          `「${name}」与候选人同名。如果选票写的就是该候选人，请改为 candidate（候选人编号）；如果是同名的另一位选民，请在姓名后加以区分，如「${name}（二组）」`,
        );
      }
      if (candidateById.has(name)) return issue(`${at}.writeIn`, `「${name}」与候选人编号相同，无法区分`);
      if (!present(v.gender)) return issue(`${at}.gender`, "另选他人必须填写性别（male 或 female），妇女名额的计算需要它");
      const before = writeInGender.get(name);
      if (before && before.gender !== v.gender) {
        return issue(`${at}.gender`, `与 votes[${before.index}] 中同一人「${name}」的性别不一致`);
      }
      if (!before) writeInGender.set(name, { gender: v.gender, index: i });
      key = name;
    }

    // One row per person and post: a second row is almost always the same count typed twice.
    const dupKey = `${v.post}\u0000${key}`;
    const first = seen.get(dupKey);
    if (first !== undefined) return issue(at, `与 votes[${first}] 重复：同一人在${label(v.post)}栏只能有一条得票记录`);
    seen.set(dupKey, i);

    // Each valid ballot gives a person at most one vote per column, and marks at most `seats` names in
    // it (a column with more marks is invalid, docs/rules/election-day.md, edge case 25).
    if (v.votes > valid) return issue(`${at}.votes`, `得票 ${v.votes} 票，多于有效选票 ${valid} 张`);
    columnTotal[v.post] += v.votes;
  }
  for (const post of ELECTION_POSTS) {
    if (columnTotal[post] > valid * seats[post]) {
      return issue("votes", `${label(post)}栏得票合计 ${columnTotal[post]} 票，超过有效选票 ${valid} 张 × 应选 ${seats[post]} 名 = ${valid * seats[post]} 票`);
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Output.

export type ElectionDecision = {
  valid: boolean;
  invalidReason: null | "turnout" | "ballotsExceedIssued";
  elected: { post: ElectionPost; candidate: string | null; writeIn: string | null; votes: number }[];
  /** womenOnly: only a woman can fill the seat (the womenMember post, or the seat held back for a woman). */
  unfilled: { post: ElectionPost; seats: number; womenOnly: boolean }[];
  /** `between` holds candidate ids, and the name for a write-in. */
  ties: { post: ElectionPost; seats: number; between: string[] }[];
  /** First round only; one row per unfilled row (womenOnly as there). */
  runoffCandidates: { post: ElectionPost; womenOnly: boolean; between: string[] }[];
  /** post and who are null for lines about the whole round or the whole post. */
  explanations: { post: ElectionPost | null; who: string | null; text: string }[];
};

// ---------------------------------------------------------------------------------------------
// Tally.

type Person = {
  /** The candidate id, or the write-in's name; unique across both (checked on input). */
  key: string;
  candidate: string | null;
  writeIn: string | null;
  name: string;
  gender: Gender;
  /** The post a candidate was nominated for; null for write-ins. */
  nominatedFor: ElectionPost | null;
  /** How the person is named in explanations. */
  display: string;
};

type Tally = {
  people: Map<string, Person>;
  /** Votes per person per column, as entered. */
  columns: Map<string, Partial<Record<ElectionPost, number>>>;
};

/**
 * Identity: a candidate is their id; a write-in is their name, and all write-in rows with one name are
 * one person. A write-in never becomes a candidate by name (that input is refused, see semanticProblem).
 */
function tally(input: ElectionInput): Tally {
  const people = new Map<string, Person>();
  const columns = new Map<string, Partial<Record<ElectionPost, number>>>();
  const nameCount = new Map<string, number>();
  for (const c of input.candidates) nameCount.set(c.name, (nameCount.get(c.name) ?? 0) + 1);

  for (const c of input.candidates) {
    // Two candidates of the same name are told apart by their id in every sentence.
    const display = (nameCount.get(c.name) ?? 0) > 1 ? `${c.name}（${c.id}）` : c.name;
    people.set(c.id, { key: c.id, candidate: c.id, writeIn: null, name: c.name, gender: c.gender, nominatedFor: c.post, display });
  }
  for (const v of input.votes) {
    let key: string;
    if (present(v.candidate)) {
      key = v.candidate;
    } else {
      key = v.writeIn ?? "";
      if (!people.has(key)) {
        people.set(key, {
          key,
          candidate: null,
          writeIn: key,
          name: key,
          // Always set for a write-in (checked on input); the fallback only satisfies the type.
          gender: v.gender ?? "male",
          nominatedFor: null,
          display: `${key}（另选他人）`,
        });
      }
    }
    const row = columns.get(key) ?? {};
    row[v.post] = (row[v.post] ?? 0) + v.votes;
    columns.set(key, row);
  }
  return { people, columns };
}

const byKey = (a: Person, b: Person) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// Deciding one post.

type Status =
  | { kind: "elected" }
  | { kind: "higherPost"; post: ElectionPost }
  | { kind: "notWoman" }
  | { kind: "belowBar" }
  | { kind: "outsideSeats" }
  | { kind: "tied"; with: Person[]; seats: number }
  | { kind: "withheld" };

type Cut = { winners: Person[]; tie: { seats: number; between: Person[] } | null };

type PostOutcome = {
  post: ElectionPost;
  seats: number;
  /** Everyone counted for the post, most votes first. */
  pool: Person[];
  counts: Map<string, number>;
  winners: Person[];
  tie: { seats: number; between: Person[] } | null;
  /** Empty seats open to anyone, and seats only a woman can fill. */
  unfilled: number;
  womenOnly: number;
  status: Map<string, Status>;
};

/**
 * The top `seats` of those who pass the bar. If the last seat(s) fall inside a group with equal votes,
 * nobody in that group is elected (fymate 168135, 169200: the tied re-vote), however many seats remain.
 */
function cut(passing: Person[], seats: number, counts: Map<string, number>): Cut {
  if (passing.length <= seats) return { winners: passing, tie: null };
  const votes = (p: Person) => counts.get(p.key) ?? 0;
  const last = passing[seats - 1];
  const next = passing[seats];
  if (seats === 0 || !last || !next || votes(next) < votes(last)) return { winners: passing.slice(0, seats), tie: null };
  const line = votes(last);
  const winners = passing.filter((p) => votes(p) > line);
  return { winners, tie: { seats: seats - winners.length, between: passing.filter((p) => votes(p) === line) } };
}

type Context = {
  input: ElectionInput;
  tally: Tally;
  /** Who already holds a post decided earlier in this round. */
  electedTo: Map<string, ElectionPost>;
};

function postPool(ctx: Context, post: ElectionPost): { pool: Person[]; counts: Map<string, number> } {
  const cols = countedColumns(post, ctx.input.rules.sumVotesAcrossPosts);
  const counts = new Map<string, number>();
  const pool: Person[] = [];
  for (const person of ctx.tally.people.values()) {
    const row = ctx.tally.columns.get(person.key) ?? {};
    const inColumns = cols.some((c) => row[c] !== undefined);
    if (!inColumns && person.nominatedFor !== post) continue;
    counts.set(
      person.key,
      cols.reduce((s, c) => s + (row[c] ?? 0), 0),
    );
    pool.push(person);
  }
  pool.sort((a, b) => (counts.get(b.key) ?? 0) - (counts.get(a.key) ?? 0) || byKey(a, b));
  return { pool, counts };
}

function passes(ctx: Context, votes: number): boolean {
  const cast = ctx.input.ballotsReturned;
  return ctx.input.round === "first" ? votes * 2 > cast : votes * 3 >= cast;
}

function decidePost(ctx: Context, post: ElectionPost, seats: number): PostOutcome {
  const { pool, counts } = postPool(ctx, post);
  const status = new Map<string, Status>();
  const eligible: Person[] = [];
  for (const p of pool) {
    const higher = ctx.electedTo.get(p.key);
    // One person, one seat: elected to a higher post, they are out of the lower ones and the next
    // person moves up (docs/rules/election-day.md, edge case 31). Applies with and without summing.
    if (higher) status.set(p.key, { kind: "higherPost", post: higher });
    // 专职专选: a man cannot take the women seat; the next woman does.
    else if (post === "womenMember" && p.gender !== "female") status.set(p.key, { kind: "notWoman" });
    else eligible.push(p);
  }
  const passing = eligible.filter((p) => passes(ctx, counts.get(p.key) ?? 0));
  for (const p of eligible) if (!passing.includes(p)) status.set(p.key, { kind: "belowBar" });

  const { winners, tie } = cut(passing, seats, counts);
  for (const p of passing) status.set(p.key, { kind: "outsideSeats" });
  for (const p of winners) status.set(p.key, { kind: "elected" });
  if (tie) for (const p of tie.between) status.set(p.key, { kind: "tied", with: tie.between, seats: tie.seats });

  const empty = seats - winners.length;
  return {
    post,
    seats,
    pool,
    counts,
    winners,
    tie,
    unfilled: post === "womenMember" ? 0 : empty,
    womenOnly: post === "womenMember" ? empty : 0,
    status,
  };
}

/**
 * "atLeastOneMember" (docs/rules/women-seats.md): when the first round elects no woman to any post, one 委员 seat
 * is kept for a woman. The 委员 count is re-run on one seat fewer, which takes the seat from the 委员
 * elected with the fewest votes when all seats were filled, and from the empty seats when some were
 * not (then nobody loses a seat). A tie at the new last seat elects none of the tied, as anywhere else.
 */
function holdBackWomenSeat(ctx: Context, member: PostOutcome): PostOutcome {
  const before = new Set(member.winners.map((p) => p.key));
  const rerun = decidePost(ctx, "member", member.seats - 1);
  for (const p of rerun.pool) {
    if (before.has(p.key) && rerun.status.get(p.key)?.kind === "outsideSeats") rerun.status.set(p.key, { kind: "withheld" });
  }
  return { ...rerun, seats: member.seats, womenOnly: 1 };
}

// ---------------------------------------------------------------------------------------------
// The decision.

/** Decides a round. Throws ElectionInputError for malformed input. */
export function decideElection(raw: unknown): ElectionDecision {
  const input = parseElectionInput(raw);
  return decide(input);
}

/** The same, for callers that prefer a result to an exception (the CLI). */
export function tryDecideElection(raw: unknown): { ok: true; decision: ElectionDecision } | { ok: false; error: ElectionInputIssue } {
  const r = checkElectionInput(raw);
  return r.ok ? { ok: true, decision: decide(r.input) } : r;
}

function decide(input: ElectionInput): ElectionDecision {
  const explanations: ElectionDecision["explanations"] = [];
  const say = (post: ElectionPost | null, who: string | null, line: string) => explanations.push({ post, who, text: line });
  const cast = input.ballotsReturned;
  const nothing = (invalidReason: "turnout" | "ballotsExceedIssued"): ElectionDecision => ({
    valid: false,
    invalidReason,
    elected: [],
    unfilled: [],
    ties: [],
    runoffCandidates: [],
    explanations,
  });

  // A void round comes first: when more ballots come back than were issued the count cannot be trusted,
  // so its turnout means nothing either (docs/rules/election-day.md, edge case 24). Either way nothing is elected, and no seat is
  // "unfilled": the whole vote is held again, which is not a 另行选举.
  if (input.ballotsReturned > input.ballotsIssued) {
    say(null, null, `收回选票 ${input.ballotsReturned} 张，多于发出的选票 ${input.ballotsIssued} 张，本次投票无效，不产生当选人，须重新投票`);
    return nothing("ballotsExceedIssued");
  }
  const turnout = turnoutNeeded(input.registeredVoters);
  const invalidPart = input.invalidBallots > 0 ? `（其中无效票 ${input.invalidBallots} 张）` : "";
  if (cast < turnout) {
    say(
      null,
      null,
      `登记选民 ${input.registeredVoters} 人，投票 ${cast} 人${invalidPart}，未超过登记选民的半数（须 ${turnout} 人），选举无效，不产生当选人，须重新选举`,
    );
    return nothing("turnout");
  }
  say(
    null,
    null,
    `登记选民 ${input.registeredVoters} 人，发出选票 ${input.ballotsIssued} 张，收回 ${cast} 张${invalidPart}，投票人数 ${cast} 超过登记选民的半数（须 ${turnout} 人），选举有效`,
  );
  // Votes cast = ballots returned, valid or not (docs/rules/election-day.md, edge case 26): an invalid or blank ballot is
  // still a voter who took part, so it raises the bar.
  say(
    null,
    null,
    input.round === "first"
      ? `第一次投票：得票超过投票人数 ${cast} 的半数（须 ${majorityNeeded(cast)} 票）始得当选；无效票也计入投票人数`
      : `另行选举：得票多的当选，但得票不得少于投票人数 ${cast} 的三分之一（须 ${oneThirdNeeded(cast)} 票）；无效票也计入投票人数`,
  );
  say(
    null,
    null,
    input.rules.sumVotesAcrossPosts
      ? "不同职位得票累加：副主任得票含主任栏得票，委员得票含主任、副主任栏得票；已当选较高职位的，不再参加较低职位的计票"
      : "各职位分别计票，不同职位栏的得票不累加；已当选较高职位的，不再参加较低职位的计票",
  );

  const ctx: Context = { input, tally: tally(input), electedTo: new Map() };
  const outcomes: PostOutcome[] = [];
  for (const post of ELECTION_POSTS) {
    const seats = input.seats[post];
    if (seats === 0) continue;
    let outcome = decidePost(ctx, post, seats);
    if (post === "member" && input.round === "first" && input.rules.womenSeat === "atLeastOneMember") {
      const womanSoFar = [...ctx.electedTo.keys(), ...outcome.winners.map((p) => p.key)].some((k) => ctx.tally.people.get(k)?.gender === "female");
      if (!womanSoFar) outcome = holdBackWomenSeat(ctx, outcome);
    }
    for (const p of outcome.winners) ctx.electedTo.set(p.key, post);
    outcomes.push(outcome);
  }

  const anyWoman = [...ctx.electedTo.keys()].some((k) => ctx.tally.people.get(k)?.gender === "female");
  if (input.round === "first" && input.rules.womenSeat === "atLeastOneMember" && !anyWoman && input.seats.member === 0) {
    say(null, null, `本轮没有选出女性成员，且本轮未设委员名额，无法按${womenRule(input.rules)}保留妇女名额；须另行安排妇女成员的选举`);
  }

  const decision: ElectionDecision = {
    valid: true,
    invalidReason: null,
    elected: [],
    unfilled: [],
    ties: [],
    runoffCandidates: [],
    explanations,
  };

  for (const o of outcomes) {
    for (const p of o.winners) {
      decision.elected.push({ post: o.post, candidate: p.candidate, writeIn: p.writeIn, votes: o.counts.get(p.key) ?? 0 });
    }
    if (o.unfilled > 0) decision.unfilled.push({ post: o.post, seats: o.unfilled, womenOnly: false });
    if (o.womenOnly > 0) decision.unfilled.push({ post: o.post, seats: o.womenOnly, womenOnly: true });
    if (o.tie) decision.ties.push({ post: o.post, seats: o.tie.seats, between: o.tie.between.map((p) => p.key) });

    explainPost(ctx, o, say);

    if (input.round === "first") {
      for (const [seats, womenOnly] of [
        [o.unfilled, false],
        [o.womenOnly, true],
      ] as const) {
        if (seats === 0) continue;
        const between = runoffList(ctx, o, seats, womenOnly || o.post === "womenMember");
        decision.runoffCandidates.push({ post: o.post, womenOnly, between: between.map((p) => p.key) });
        explainRunoff(ctx, o, seats, womenOnly, between, say);
      }
    }
  }
  return decision;
}

/**
 * 另行选举 candidates (docs/rules/election-day.md, statutory core 3): the people not elected to any post in this round, with the
 * most votes for the post, seats + runoffMargin of them, and everyone level with the last one. Someone
 * with no votes is not a first-round "loser with most votes", so they are left out.
 */
function runoffList(ctx: Context, o: PostOutcome, seats: number, womenOnly: boolean): Person[] {
  const votes = (p: Person) => o.counts.get(p.key) ?? 0;
  const open = o.pool.filter((p) => !ctx.electedTo.has(p.key) && votes(p) > 0 && (!womenOnly || p.gender === "female"));
  const size = seats + ctx.input.rules.runoffMargin;
  const last = open[size - 1];
  if (!last) return open;
  return open.filter((p) => votes(p) >= votes(last));
}

// ---------------------------------------------------------------------------------------------
// Explanations: plain Chinese, one line per post and per person, with the actual numbers.

type Say = (post: ElectionPost | null, who: string | null, line: string) => void;

/**
 * The rule pack's women-seat modes in the words the reasons use (the same words as the setup check's
 * WOMEN_SEAT_LABEL in nomination-rules.ts; a test keeps them equal), so a reason says which rule applied.
 */
export const WOMEN_SEAT_RULE: Record<ElectionInput["rules"]["womenSeat"], string> = {
  none: "无专门规定",
  reserved: "妇女委员专职专选",
  atLeastOneMember: "成员中至少有一名妇女（在委员中产生）",
};

const womenRule = (rules: Pick<ElectionInput["rules"], "womenSeat">) => `适用的规则「${WOMEN_SEAT_RULE[rules.womenSeat]}」`;

const names = (ps: Person[]) => ps.map((p) => p.display).join("、");

function breakdown(ctx: Context, p: Person, post: ElectionPost): string {
  const row = ctx.tally.columns.get(p.key) ?? {};
  const cols = countedColumns(post, ctx.input.rules.sumVotesAcrossPosts).filter((c) => row[c] !== undefined);
  if (cols.length < 2) return "";
  return `（${cols.map((c) => `${label(c)}栏 ${row[c] ?? 0}`).join(" + ")}）`;
}

function explainPost(ctx: Context, o: PostOutcome, say: Say) {
  const cast = ctx.input.ballotsReturned;
  const first = ctx.input.round === "first";
  const L = label(o.post);
  const need = first ? majorityNeeded(cast) : oneThirdNeeded(cast);
  const bar = first ? `投票人数 ${cast} 的半数（须 ${need} 票）` : `投票人数 ${cast} 的三分之一（须 ${need} 票）`;

  const empty = o.unfilled + o.womenOnly;
  say(o.post, null, `${L}：应选 ${o.seats} 名，当选 ${o.winners.length} 名${empty > 0 ? `，缺额 ${empty} 名` : ""}`);
  if (o.tie) {
    const line = o.counts.get(o.tie.between[0]?.key ?? "") ?? 0;
    say(o.post, null, `${L}：${names(o.tie.between)} 均得 ${line} 票，并列最后 ${o.tie.seats} 个名额，均不当选，须就并列者重新投票`);
  }
  if (o.post === "member" && o.womenOnly > 0 && ctx.input.round === "first") {
    const withheld = o.pool.filter((p) => o.status.get(p.key)?.kind === "withheld");
    say(
      o.post,
      null,
      withheld.length > 0
        ? `${L}：本轮没有选出女性成员，按${womenRule(ctx.input.rules)}，得票最少的委员名额（${withheld.map((p) => `${p.display} ${o.counts.get(p.key) ?? 0} 票`).join("、")}）不予确认，留作妇女名额，另行选举时只能选女性`
        : `${L}：本轮没有选出女性成员，按${womenRule(ctx.input.rules)}，缺额中的 1 个委员名额留作妇女名额，另行选举时只能选女性`,
    );
  }

  for (const p of o.pool) {
    const n = o.counts.get(p.key) ?? 0;
    const got = `${L}：${p.display} 得 ${n} 票${breakdown(ctx, p, o.post)}`;
    const s = o.status.get(p.key);
    if (!s) continue;
    switch (s.kind) {
      case "elected":
        say(o.post, p.key, first ? `${got}，超过${bar}，当选` : `${got}，不少于${bar}，得票在应选名额以内，当选`);
        break;
      case "higherPost":
        say(o.post, p.key, `${got}，已当选${label(s.post)}，不再参加${L}的计票`);
        break;
      case "notWoman":
        say(o.post, p.key, `${got}，${L}只能由女性当选（${womenRule(ctx.input.rules)}），不计`);
        break;
      case "belowBar":
        say(o.post, p.key, first ? `${got}，未过半数（须 ${need} 票），未当选` : `${got}，少于${bar}，未当选`);
        break;
      case "outsideSeats":
        say(o.post, p.key, `${got}，${first ? "已过半数" : "达到三分之一"}，但得票未进入应选的 ${o.seats - o.womenOnly} 个名额，未当选`);
        break;
      case "tied": {
        const others = s.with.filter((x) => x.key !== p.key);
        say(o.post, p.key, `${got}，与 ${names(others)} 并列最后 ${s.seats} 个名额，均不当选，须就并列者重新投票`);
        break;
      }
      case "withheld":
        say(o.post, p.key, `${got}，已过半数，但本轮没有选出女性成员，按${womenRule(ctx.input.rules)}，其得票在当选委员中最少，该名额留作妇女名额，未当选`);
        break;
    }
  }
  if (!first && empty > 0) {
    say(o.post, null, `${L}：另行选举后仍缺额 ${empty} 名，按本省规定再行选举或暂时空缺`);
  }
}

function explainRunoff(ctx: Context, o: PostOutcome, seats: number, womenOnly: boolean, between: Person[], say: Say) {
  const L = label(o.post) + (womenOnly ? "（妇女名额）" : "");
  const margin = ctx.input.rules.runoffMargin;
  const whom = womenOnly || o.post === "womenMember" ? "未当选的女性" : "未当选的人";
  if (between.length === 0) {
    say(o.post, null, `${L}：缺额 ${seats} 名，本轮没有得票的${whom}，须另行提名另行选举候选人`);
    return;
  }
  const list = between.map((p) => `${p.display} ${o.counts.get(p.key) ?? 0} 票`).join("、");
  say(o.post, null, `${L}：缺额 ${seats} 名，另行选举候选人按${whom}得票多少确定（缺额 ${seats} 名 + 差额 ${margin} 名，与末位得票相同者一并列入）：${list}`);
}
