// The ballot (选票) of one voting round: a section per post with the number to elect and the names
// printed on it, in 姓氏笔画 order (docs/rules/proxies-and-polling.md). The first round prints the formal candidate
// list; a runoff (另行选举) or tie re-vote prints the people the previous round's decision names.
// The tally sheet and the tally entry form follow the same sections, so paper and screen read alike.
import { ELECTION_POSTS, ENGINE_POST, type ElectionDecision, type ElectionInput, type ElectionPost, type Gender } from "./election-engine";
import { POST_LABEL, type Post } from "./people";
import { compareByStroke } from "./stroke-order";

export type BallotCandidate = {
  /** The formal candidate's id, or "w:<name>" for a write-in carried into a runoff. */
  key: string;
  candidateId: string | null;
  name: string;
  gender: Gender;
};

export type BallotSection = {
  /** The engine's column for this section. */
  post: ElectionPost;
  /** The committee post the seats fill: a women seat held back among the 委员 is a 委员 seat. */
  appPost: Post;
  seats: number;
  /** Only a woman can take these seats (专职专选, or the seat held back for a woman). */
  womenOnly: boolean;
  candidates: BallotCandidate[];
};

export type Ballot = { sections: BallotSection[] };

export const writeInKey = (name: string) => `w:${name}`;

/** The heading of a section as printed: "主任（应选 1 名）", "委员（妇女名额，应选 1 名）". */
export function sectionTitle(s: Pick<BallotSection, "appPost" | "post" | "womenOnly" | "seats">): string {
  const label = s.post === "womenMember" && s.appPost === "MEMBER" ? "委员（妇女名额）" : POST_LABEL[s.appPost];
  return `${label}（应选 ${s.seats} 名）`;
}

export type FormalCandidate = { id: string; name: string; gender: "MALE" | "FEMALE"; post: Post };

/** The first round's ballot: every post with seats, its formal candidates in stroke order. */
export function firstRoundBallot(seats: Record<Post, number>, formal: readonly FormalCandidate[]): Ballot {
  const sections: BallotSection[] = [];
  for (const post of ELECTION_POSTS) {
    const appPost = ENGINE_POST[post];
    if (seats[appPost] <= 0) continue;
    const candidates = formal
      .filter((c) => c.post === appPost)
      .map((c) => ({ key: c.id, candidateId: c.id, name: c.name, gender: c.gender === "FEMALE" ? ("female" as const) : ("male" as const) }))
      .sort((a, b) => compareByStroke(a.name, b.name) || (a.key < b.key ? -1 : 1));
    sections.push({ post, appPost, seats: seats[appPost], womenOnly: post === "womenMember", candidates });
  }
  return { sections };
}

/** Who a decision's reference (a candidate key, or a first-round write-in's name) is. */
function resolver(previous: Ballot, input: ElectionInput) {
  const byKey = new Map<string, BallotCandidate>();
  for (const s of previous.sections) for (const c of s.candidates) byKey.set(c.key, c);
  const writeInGender = new Map<string, Gender>();
  for (const v of input.votes) if (v.writeIn && v.gender) writeInGender.set(v.writeIn.replace(/\s+/gu, ""), v.gender);
  return (ref: string): BallotCandidate => {
    const known = byKey.get(ref);
    if (known) return known;
    return { key: writeInKey(ref), candidateId: null, name: ref, gender: writeInGender.get(ref) ?? "male" };
  };
}

/**
 * The next round after a decided one, or null when none is called for:
 * - a void or invalid round is voted again on the same ballot (docs/rules/election-day.md, edge cases 24, 27);
 * - after a first round, unfilled seats go to a runoff among its runoff candidates, and a tie at the
 *   cut to a re-vote among the tied (cases 28, 29), both on one ballot;
 * - after a runoff, only a tie calls for another vote; seats still empty stay vacant (再行选举 within
 *   six months is a new election, outside this one).
 * A women-only seat is printed as its own section, so that only a woman can take it.
 */
export function nextRound(previous: {
  kind: "FIRST" | "RUNOFF";
  ballot: Ballot;
  input: ElectionInput;
  decision: ElectionDecision;
}): { kind: "FIRST" | "RUNOFF"; ballot: Ballot } | null {
  const { kind, ballot, input, decision } = previous;
  if (!decision.valid) return { kind, ballot };
  const who = resolver(ballot, input);
  const sections = new Map<string, BallotSection>();
  const appPostOf = (post: ElectionPost, womenOnly: boolean): Post => {
    if (post === "womenMember") return ballot.sections.find((s) => s.post === "womenMember")?.appPost ?? "WOMEN_MEMBER";
    return womenOnly ? "MEMBER" : ENGINE_POST[post];
  };
  const add = (post: ElectionPost, womenOnly: boolean, seats: number, refs: string[]) => {
    const column: ElectionPost = womenOnly ? "womenMember" : post;
    const id = column;
    const section = sections.get(id) ?? {
      post: column,
      appPost: appPostOf(post, womenOnly),
      seats: 0,
      womenOnly: womenOnly || column === "womenMember",
      candidates: [],
    };
    section.seats += seats;
    for (const ref of refs) {
      const c = who(ref);
      if (!section.candidates.some((x) => x.key === c.key)) section.candidates.push(c);
    }
    sections.set(id, section);
  };
  for (const t of decision.ties) add(t.post, t.post === "womenMember", t.seats, t.between);
  if (kind === "FIRST") {
    for (const u of decision.unfilled) {
      // A tie's seats are among its post's unfilled seats (the held-back women seat aside): the tie
      // above already put them on the ballot, so adding them again would print too many seats.
      if (decision.ties.some((t) => t.post === u.post) && u.womenOnly === (u.post === "womenMember")) continue;
      const rc = decision.runoffCandidates.find((r) => r.post === u.post && r.womenOnly === u.womenOnly);
      add(u.post, u.womenOnly, u.seats, rc?.between ?? []);
    }
  }
  if (sections.size === 0) return null;
  const ordered = ELECTION_POSTS.flatMap((p) => (sections.has(p) ? [sections.get(p)!] : []));
  for (const s of ordered) s.candidates.sort((a, b) => compareByStroke(a.name, b.name) || (a.key < b.key ? -1 : 1));
  return { kind: "RUNOFF", ballot: { sections: ordered } };
}
