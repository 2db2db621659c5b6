// A ballot box's tally sheet (计票单): reading it from the entry form, the arithmetic checks, the
// field-by-field comparison of double entry, and the village totals that go to the rules engine.
// Pure: the DAL stores what this returns; the form and the printed blank sheet use the same fields.
import type { Ballot, BallotSection } from "./ballot";
import { writeInKey } from "./ballot";
import { ELECTION_POSTS, normalizeName, type ElectionInput, type ElectionPost, type Gender } from "./election-engine";
import type { RuleValues } from "./rule-pack";
import { sectionTitle } from "./ballot";

export type TallyValues = {
  ballotsIssued: number;
  ballotsReturned: number;
  invalidBallots: number;
  /** Votes of a person printed on the ballot, or named in another column's write-in line, per column. */
  votes: { post: ElectionPost; key: string; votes: number }[];
  /** 另选他人: people not on the ballot, by name. */
  writeIns: { post: ElectionPost; name: string; gender: Gender; votes: number }[];
  /** The clerk confirmed that more ballots came back than were issued (the round is then void). */
  exceedConfirmed: boolean;
};

/** How many write-in lines the form offers per section (more can be added on the page). */
export const WRITE_IN_LINES = 3;
export const MAX_WRITE_IN_LINES = 60;
const MAX_COUNT = 10_000_000;

export const FIELD = {
  issued: "issued",
  returned: "returned",
  invalid: "invalid",
  vote: (post: ElectionPost, key: string) => `v.${post}.${key}`,
  writeIn: (post: ElectionPost, i: number, part: "name" | "gender" | "votes") => `w.${post}.${i}.${part}`,
  section: (post: ElectionPost) => `s.${post}`,
} as const;

export const GENDER_CODE: Record<Gender, string> = { male: "男", female: "女" };

/** `notes`: what the clerk must be told about how a line was counted (a printed person written in elsewhere). */
type Parsed = { ok: true; values: TallyValues; notes: string[] } | { ok: false; message: string; fieldErrors: Record<string, string> };

const BLANK = "请填写（没有得票也要填 0，空白不算 0）";

/**
 * A typed count as the clerk meant it: full-width digits (８００, from a Chinese input method) are the
 * same digits, and spaces around the number are dropped.
 */
export function normalizeCount(raw: string): string {
  return raw.normalize("NFKC").replace(/^[\s\u3000]+|[\s\u3000]+$/gu, "");
}

/** Why a typed count is not a count, in words a clerk can act on; null when it is one. */
export function countError(raw: string): string | null {
  const s = normalizeCount(raw);
  if (s === "") return BLANK;
  if (/^\d+$/.test(s)) return Number(s) > MAX_COUNT ? `不能大于 ${MAX_COUNT}` : null;
  if (/^-\s*\d/.test(s)) return "票数不能是负数，请照原件填写";
  if (/^\d+\.\d*$|^\.\d+$/.test(s)) return "只能填写整数，不能有小数点";
  if (/^\d{1,3}(,\d{3})+$/.test(s)) return `请不要用逗号分隔，直接填写 ${s.replaceAll(",", "")}`;
  if (/^[\d\s]+$/.test(s)) return "数字中间不能有空格";
  if (/[a-z]/i.test(s)) return "只能填写数字，不能有字母";
  return "只能填写 0–9 的数字";
}

function readCount(raw: unknown): { value: number } | { error: string } {
  const s = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : "";
  const error = countError(s);
  return error ? { error } : { value: Number(normalizeCount(s)) };
}

function allNames(ballot: Ballot) {
  const byName = new Map<string, { key: string; posts: ElectionPost[] }[]>();
  for (const s of ballot.sections) {
    for (const c of s.candidates) {
      const list = byName.get(c.name) ?? [];
      const found = list.find((x) => x.key === c.key);
      if (found) found.posts.push(s.post);
      else list.push({ key: c.key, posts: [s.post] });
      byName.set(c.name, list);
    }
  }
  return byName;
}

/**
 * Reads a submitted tally form. Every printed field must be typed: a blank is not a zero. A write-in
 * line is used when any of its parts is filled. A write-in naming someone printed in another column
 * counts as that person's vote in this column (docs/rules/election-day.md, edge case 23: the name identifies the person).
 */
export function readTallyForm(form: Record<string, unknown>, ballot: Ballot): Parsed {
  const fieldErrors: Record<string, string> = {};
  const count = (field: string) => {
    const r = readCount(form[field]);
    if ("error" in r) {
      fieldErrors[field] = r.error;
      return 0;
    }
    return r.value;
  };
  const values: TallyValues = {
    ballotsIssued: count(FIELD.issued),
    ballotsReturned: count(FIELD.returned),
    invalidBallots: count(FIELD.invalid),
    votes: [],
    writeIns: [],
    exceedConfirmed: form.exceedConfirmed === "on" || form.exceedConfirmed === "true" || form.exceedConfirmed === true,
  };
  const names = allNames(ballot);
  const notes: string[] = [];
  for (const s of ballot.sections) {
    for (const c of s.candidates) values.votes.push({ post: s.post, key: c.key, votes: count(FIELD.vote(s.post, c.key)) });
    const seen = new Set<string>();
    for (let i = 0; i < MAX_WRITE_IN_LINES; i++) {
      const nameField = FIELD.writeIn(s.post, i, "name");
      const genderField = FIELD.writeIn(s.post, i, "gender");
      const votesField = FIELD.writeIn(s.post, i, "votes");
      const name = normalizeName(typeof form[nameField] === "string" ? (form[nameField] as string) : "");
      const gender = form[genderField];
      const rawVotes = form[votesField];
      const filled = name !== "" || (typeof rawVotes === "string" && rawVotes.trim() !== "") || gender === "male" || gender === "female";
      if (!filled) continue;
      if (name === "") {
        fieldErrors[nameField] = "请填写另选他人的姓名，或清空这一行";
        continue;
      }
      if (name.length > 50) {
        fieldErrors[nameField] = "姓名不能超过 50 个字";
        continue;
      }
      const r = readCount(rawVotes);
      if ("error" in r) {
        fieldErrors[votesField] = r.error;
        continue;
      }
      if (seen.has(name)) {
        fieldErrors[nameField] = `本栏已有「${name}」，同一人的票请合并填写在一行`;
        continue;
      }
      seen.add(name);
      const printed = names.get(name) ?? [];
      if (printed.length > 1) {
        fieldErrors[nameField] = `选票上有 ${printed.length} 位「${name}」，无法判断是哪一位，请对照原件核实后按规定处理`;
        continue;
      }
      if (printed.length === 1) {
        const p = printed[0]!;
        if (p.posts.includes(s.post)) {
          fieldErrors[nameField] = `「${name}」已印在本栏，票数请填在其姓名后，不要写在另选他人栏`;
          continue;
        }
        const note = printedElsewhereNote(ballot, s, name);
        if (s.womenOnly && note?.gender === "male") {
          fieldErrors[nameField] = `本栏限选女性，「${name}」（${note.where}候选人）是男性：这部分选票无效，不要录入`;
          continue;
        }
        values.votes.push({ post: s.post, key: p.key, votes: r.value });
        if (note) notes.push(`${note.text}，已计为其在本栏的得票 ${r.value} 票`);
        continue;
      }
      if (gender !== "male" && gender !== "female") {
        fieldErrors[genderField] = "请选择另选他人的性别";
        continue;
      }
      if (s.womenOnly && gender === "male") {
        fieldErrors[genderField] = "本栏限选女性，另选他人须为女性：写男性的那部分选票无效，不要录入";
        continue;
      }
      values.writeIns.push({ post: s.post, name, gender, votes: r.value });
    }
  }
  if (Object.keys(fieldErrors).length) {
    return { ok: false, message: `计票单有 ${Object.keys(fieldErrors).length} 处需要更正，见标红的栏目`, fieldErrors };
  }
  const problems = tallyProblems(values, ballot, null);
  if (Object.keys(problems).length) return { ok: false, message: Object.values(problems).join("；"), fieldErrors: problems };
  return { ok: true, values, notes };
}

const shortTitle = (s: BallotSection) => sectionTitle(s).replace(/（应选.*$/, "");

/**
 * When a name written in under 另选他人 is a person printed in another column of this ballot: that is
 * the same person (docs/rules/election-day.md, edge case 23), and the clerk is told so in words, never merged silently.
 */
export function printedElsewhereNote(ballot: Ballot, section: BallotSection, rawName: string): { text: string; where: string; gender: Gender } | null {
  const name = normalizeName(rawName);
  if (name === "") return null;
  const found = ballot.sections.filter((x) => x.post !== section.post).flatMap((x) => x.candidates.filter((c) => c.name === name).map((c) => ({ c, x })));
  if (new Set(found.map((f) => f.c.key)).size !== 1 || section.candidates.some((c) => c.name === name)) return null;
  const { c, x } = found[0]!;
  const where = shortTitle(x);
  return { text: `${shortTitle(section)}栏另选他人「${name}」是${where}的正式候选人，按同一人计票`, where, gender: c.gender };
}

/** The form field a person's count in a column is typed in (for error messages). */
function voteField(values: TallyValues, post: ElectionPost, key: string, ballot: Ballot): string {
  const printed = ballot.sections.find((s) => s.post === post)?.candidates.some((c) => c.key === key);
  return printed ? FIELD.vote(post, key) : FIELD.section(post);
}

/**
 * The arithmetic checks of a tally sheet, as field → message (empty when it adds up):
 * returned ≤ issued (unless confirmed: then the round is void), invalid ≤ returned, per column
 * votes ≤ valid ballots × seats and each person ≤ valid ballots, and nothing above the box's voters.
 */
export function tallyProblems(values: TallyValues, ballot: Ballot, boxVoters: number | null): Record<string, string> {
  const p: Record<string, string> = {};
  const { ballotsIssued: issued, ballotsReturned: returned, invalidBallots: invalid } = values;
  if (boxVoters !== null && issued > boxVoters) p[FIELD.issued] = `发出选票 ${issued} 张，多于本票箱服务的登记选民 ${boxVoters} 人`;
  if (boxVoters !== null && returned > boxVoters) p[FIELD.returned] = `收回选票 ${returned} 张，多于本票箱服务的登记选民 ${boxVoters} 人`;
  if (returned > issued && !values.exceedConfirmed && !p[FIELD.returned]) {
    p[FIELD.returned] = `收回选票 ${returned} 张，多于发出选票 ${issued} 张。如原件确实如此，本轮选举无效、须重新投票：请勾选“确认收回多于发出”后再保存`;
  }
  if (invalid > returned) p[FIELD.invalid] = `无效票 ${invalid} 张，多于收回选票 ${returned} 张`;
  const valid = Math.max(0, returned - invalid);
  // Without a number of valid ballots every count would be "too many": one message for the cause is enough.
  for (const s of invalid > returned ? [] : ballot.sections) {
    const rows = [...values.votes.filter((v) => v.post === s.post), ...values.writeIns.filter((w) => w.post === s.post)];
    const total = rows.reduce((sum, r) => sum + r.votes, 0);
    if (total > valid * s.seats) {
      p[FIELD.section(s.post)] = `${sectionTitle(s)}各人得票合计 ${total} 票，超过有效票 ${valid} 张 × 应选 ${s.seats} 名 = ${valid * s.seats} 票`;
    }
    for (const v of values.votes.filter((x) => x.post === s.post)) {
      if (v.votes > valid) p[voteField(values, s.post, v.key, ballot)] = `得票 ${v.votes} 票，超过有效票 ${valid} 张`;
    }
    for (const w of values.writeIns.filter((x) => x.post === s.post)) {
      if (w.votes > valid) p[FIELD.section(s.post)] = `另选他人「${w.name}」得票 ${w.votes} 票，超过有效票 ${valid} 张`;
    }
  }
  const genders = new Map<string, Gender>();
  for (const w of values.writeIns) {
    const g = genders.get(w.name);
    if (g && g !== w.gender) p[FIELD.section(w.post)] = `另选他人「${w.name}」在不同栏目中填写的性别不一致`;
    genders.set(w.name, w.gender);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Double entry.

export type TallyField = { id: string; label: string };
export type TallyDifference = { field: string; label: string; first: string; second: string };

function flatten(values: TallyValues, ballot: Ballot): Map<string, { label: string; value: string }> {
  const out = new Map<string, { label: string; value: string }>();
  out.set(FIELD.issued, { label: "发出选票", value: String(values.ballotsIssued) });
  out.set(FIELD.returned, { label: "收回选票", value: String(values.ballotsReturned) });
  out.set(FIELD.invalid, { label: "无效票", value: String(values.invalidBallots) });
  const nameOf = new Map<string, string>();
  for (const s of ballot.sections) for (const c of s.candidates) nameOf.set(c.key, c.name);
  const title = (post: ElectionPost) => {
    const s = ballot.sections.find((x) => x.post === post);
    return s ? sectionTitle(s).replace(/（应选.*$/, "") : post;
  };
  for (const v of values.votes) {
    const printed = ballot.sections.find((s) => s.post === v.post)?.candidates.some((c) => c.key === v.key);
    out.set(`${v.post}|${v.key}`, { label: `${title(v.post)} · ${printed ? "" : "另选他人 "}${nameOf.get(v.key) ?? v.key}`, value: String(v.votes) });
  }
  for (const w of values.writeIns) {
    out.set(`${w.post}|${writeInKey(w.name)}`, { label: `${title(w.post)} · 另选他人「${w.name}」`, value: `${w.votes} 票（${GENDER_CODE[w.gender]}）` });
  }
  return out;
}

/** Every field where two typings of one sheet differ; a line present in one only is a difference too. */
export function compareTallies(first: TallyValues, second: TallyValues, ballot: Ballot): TallyDifference[] {
  const a = flatten(first, ballot);
  const b = flatten(second, ballot);
  const diffs: TallyDifference[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (x?.value === y?.value) continue;
    diffs.push({ field: key, label: (x ?? y)!.label, first: x?.value ?? "（未填）", second: y?.value ?? "（未填）" });
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------
// Village totals and the engine.

/** Sum of the boxes' accepted sheets: mobile boxes are counted with the rest (docs/rules/proxies-and-polling.md). */
export function sumTallies(sheets: readonly TallyValues[]): TallyValues {
  const votes = new Map<string, TallyValues["votes"][number]>();
  const writeIns = new Map<string, TallyValues["writeIns"][number]>();
  const total: TallyValues = { ballotsIssued: 0, ballotsReturned: 0, invalidBallots: 0, votes: [], writeIns: [], exceedConfirmed: false };
  for (const s of sheets) {
    total.ballotsIssued += s.ballotsIssued;
    total.ballotsReturned += s.ballotsReturned;
    total.invalidBallots += s.invalidBallots;
    for (const v of s.votes) {
      const k = `${v.post}|${v.key}`;
      const row = votes.get(k) ?? { post: v.post, key: v.key, votes: 0 };
      row.votes += v.votes;
      votes.set(k, row);
    }
    for (const w of s.writeIns) {
      // Gender is part of the key: two boxes disagreeing on it must reach the engine's check, not be settled by box order.
      const k = `${w.post}|${w.name}|${w.gender}`;
      const row = writeIns.get(k) ?? { ...w, votes: 0 };
      row.votes += w.votes;
      writeIns.set(k, row);
    }
  }
  total.votes = [...votes.values()];
  total.writeIns = [...writeIns.values()];
  return total;
}

/** The rules engine's input for a round from the village totals (docs/election-decide.md). */
export function engineInputFor(args: {
  kind: "FIRST" | "RUNOFF";
  rules: Pick<RuleValues, "sumVotesAcrossPosts" | "womenSeat" | "runoffMargin">;
  registeredVoters: number;
  ballot: Ballot;
  totals: TallyValues;
}): ElectionInput {
  const { ballot, totals } = args;
  const seats = { director: 0, deputy: 0, member: 0, womenMember: 0 } as Record<ElectionPost, number>;
  const candidates: ElectionInput["candidates"] = [];
  const seen = new Set<string>();
  for (const s of ballot.sections) {
    seats[s.post] += s.seats;
    for (const c of s.candidates) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      candidates.push({ id: c.key, name: c.name, gender: c.gender, post: s.post });
    }
  }
  const votes: ElectionInput["votes"] = [];
  for (const v of totals.votes) if (seats[v.post] > 0) votes.push({ post: v.post, candidate: v.key, votes: v.votes });
  // A write-in in a runoff naming someone already on its ballot is that person (keys "w:<name>").
  for (const w of totals.writeIns) {
    if (seen.has(writeInKey(w.name))) votes.push({ post: w.post, candidate: writeInKey(w.name), votes: w.votes });
    else votes.push({ post: w.post, writeIn: w.name, gender: w.gender, votes: w.votes });
  }
  // One row per person and column, as the engine requires.
  const merged = new Map<string, ElectionInput["votes"][number]>();
  for (const v of votes) {
    const k = `${v.post}|${v.candidate ?? ""}|${v.writeIn ?? ""}|${v.gender ?? ""}`;
    const row = merged.get(k);
    if (row) row.votes += v.votes;
    else merged.set(k, { ...v });
  }
  const order = (p: ElectionPost) => ELECTION_POSTS.indexOf(p);
  return {
    round: args.kind === "FIRST" ? "first" : "runoff",
    rules: { sumVotesAcrossPosts: args.rules.sumVotesAcrossPosts, womenSeat: args.rules.womenSeat, runoffMargin: args.rules.runoffMargin },
    registeredVoters: args.registeredVoters,
    ballotsIssued: totals.ballotsIssued,
    ballotsReturned: totals.ballotsReturned,
    invalidBallots: totals.invalidBallots,
    seats,
    candidates,
    votes: [...merged.values()].sort((a, b) => order(a.post) - order(b.post)),
  };
}

/** Form values to prefill an entry form from stored values (a clerk revising their own entry). */
export function tallyFormValues(values: TallyValues, ballot: Ballot): Record<string, string> {
  const out: Record<string, string> = {
    [FIELD.issued]: String(values.ballotsIssued),
    [FIELD.returned]: String(values.ballotsReturned),
    [FIELD.invalid]: String(values.invalidBallots),
  };
  for (const s of ballot.sections) {
    let line = 0;
    for (const v of values.votes.filter((x) => x.post === s.post)) {
      const printed = s.candidates.some((c) => c.key === v.key);
      if (printed) out[FIELD.vote(s.post, v.key)] = String(v.votes);
      else {
        const name = ballot.sections.flatMap((x) => x.candidates).find((c) => c.key === v.key)?.name ?? v.key;
        out[FIELD.writeIn(s.post, line, "name")] = name;
        out[FIELD.writeIn(s.post, line, "votes")] = String(v.votes);
        line++;
      }
    }
    for (const w of values.writeIns.filter((x) => x.post === s.post)) {
      out[FIELD.writeIn(s.post, line, "name")] = w.name;
      out[FIELD.writeIn(s.post, line, "gender")] = w.gender;
      out[FIELD.writeIn(s.post, line, "votes")] = String(w.votes);
      line++;
    }
  }
  return out;
}

export type { BallotSection };

// ---------------------------------------------------------------------------------------------
// Resolving a mismatch.

/** The keys of `flatten` that both typings hold with the same value (what the two people agreed on). */
function agreedKeys(first: TallyValues, second: TallyValues, ballot: Ballot) {
  const a = flatten(first, ballot);
  const b = flatten(second, ballot);
  const agreed = new Map<string, { label: string; value: string }>();
  for (const [k, x] of a) if (b.get(k)?.value === x.value) agreed.set(k, x);
  return { agreed, union: new Set([...a.keys(), ...b.keys()]) };
}

/**
 * The resolution form after a mismatch: every number both typings agree on is prefilled (write-ins
 * included, so a clerk who types only the highlighted fields loses nothing), and `disputed` names the
 * form fields to type again from the paper: a disputed write-in gets a blank line after the agreed ones.
 */
export function resolutionForm(first: TallyValues, second: TallyValues, ballot: Ballot): { prefill: Record<string, string>; disputed: string[] } {
  const { agreed } = agreedKeys(first, second, ballot);
  const agreedValues: TallyValues = {
    ...first,
    votes: first.votes.filter((v) => agreed.has(`${v.post}|${v.key}`)),
    writeIns: first.writeIns.filter((w) => agreed.has(`${w.post}|${writeInKey(w.name)}`)),
  };
  const prefill = tallyFormValues(agreedValues, ballot);
  const disputed: string[] = [];
  for (const f of [FIELD.issued, FIELD.returned, FIELD.invalid]) {
    if (!agreed.has(f)) {
      delete prefill[f];
      disputed.push(f);
    }
  }
  for (const s of ballot.sections) {
    const printed = new Set(s.candidates.map((c) => c.key));
    for (const c of s.candidates) if (!agreed.has(`${s.post}|${c.key}`)) disputed.push(FIELD.vote(s.post, c.key));
    // Write-in lines (cross-column people and others) in dispute: one blank line each, after the agreed lines.
    const lineKeys = new Set<string>();
    for (const v of [...first.votes, ...second.votes]) if (v.post === s.post && !printed.has(v.key)) lineKeys.add(`${s.post}|${v.key}`);
    for (const w of [...first.writeIns, ...second.writeIns]) if (w.post === s.post) lineKeys.add(`${s.post}|${writeInKey(w.name)}`);
    let line = 0;
    while (prefill[FIELD.writeIn(s.post, line, "name")] !== undefined) line++;
    for (const k of lineKeys) {
      if (agreed.has(k)) continue;
      disputed.push(FIELD.writeIn(s.post, line, "name"), FIELD.writeIn(s.post, line, "gender"), FIELD.writeIn(s.post, line, "votes"));
      line++;
    }
  }
  return { prefill, disputed };
}

/**
 * What a resolution would change of the numbers both typings agreed on, or add that neither typed:
 * a resolution settles the disputed fields only. Each as a difference (first = the agreed value,
 * second = the resolution's), keyed by the form field to mark (a write-in's section for its lines).
 */
export function resolutionChanges(first: TallyValues, second: TallyValues, resolution: TallyValues, ballot: Ballot): TallyDifference[] {
  const { agreed, union } = agreedKeys(first, second, ballot);
  const r = flatten(resolution, ballot);
  const out: TallyDifference[] = [];
  const fieldOf = (key: string) => {
    const [post, k] = key.split("|") as [ElectionPost, string | undefined];
    if (k === undefined) return key;
    const printed = ballot.sections.find((s) => s.post === post)?.candidates.some((c) => c.key === k);
    return printed ? FIELD.vote(post, k) : FIELD.section(post);
  };
  for (const [k, x] of agreed) {
    const y = r.get(k);
    if (y?.value !== x.value) out.push({ field: fieldOf(k), label: x.label, first: x.value, second: y?.value ?? "（未填）" });
  }
  for (const [k, y] of r) if (!union.has(k)) out.push({ field: fieldOf(k), label: y.label, first: "（未填）", second: y.value });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Moving through the entry form (components/tally-form.tsx), pure so it can be tested.

const WRITE_IN_NAME = /^w\.(\w+)\.(\d+)\.name$/;

/**
 * Where Enter goes from the field at `i` of the form's fields (their names, in page order); the
 * fields' length means the save button. Enter on the name of an empty 另选他人 line skips the rest of
 * that section's write-in lines, so a sheet without write-ins takes one keystroke per section.
 */
export function enterTarget(fields: readonly string[], i: number, values: Record<string, string | undefined>): number {
  const m = WRITE_IN_NAME.exec(fields[i] ?? "");
  if (!m) return i + 1;
  const [post, line] = [m[1] as ElectionPost, Number(m[2])];
  const empty = (["name", "gender", "votes"] as const).every((part) => (values[FIELD.writeIn(post, line, part)] ?? "").trim() === "");
  if (!empty) return i + 1;
  const prefix = `w.${post}.`;
  let j = i + 1;
  while (j < fields.length && fields[j]!.startsWith(prefix)) j++;
  return j;
}

/** The field to put the cursor in after a refused save: the first in page order with an error (a section's error: its first field). */
export function firstErrorField(fields: readonly string[], errors: Record<string, string>): string | null {
  for (const f of fields) {
    if (errors[f]) return f;
    const post = /^[vw]\.(\w+)\./.exec(f)?.[1];
    if (post && errors[FIELD.section(post as ElectionPost)]) return f;
  }
  return null;
}
