// One reader per stored JSON column (docs/decisions/017-stored-json.md). Prisma types a Json column as
// JsonValue, so every read used to be an `as` cast: rules read three ways (full cast, partial cast with a
// fallback, merged over defaults), ballots, tally values and round decisions cast on trust. Each column
// now has one function here that checks the stored value against its zod schema, fills keys added to a
// format after rows were written (campaign rules: over DEFAULT_RULES), and knows the format's version.
//
// Versions: a stored object may carry `version` (a positive integer). No writer stores one yet, so an
// absent version is version 1; a row written by a newer program (a higher version) is refused with a
// message instead of being misread. A later change of format bumps CURRENT_VERSION for its column and
// converts older rows here, in one place.
import { z } from "zod";
import type { Ballot } from "./ballot";
import { ELECTION_POSTS, electionInputSchema, type ElectionDecision, type ElectionInput } from "./election-engine";
import { DEFAULT_RULES, deepMerge, ruleOverridesSchema, ruleValuesSchema, type RuleOverrides, type RuleValues } from "./rule-pack";
import type { TallyValues } from "./tally";

/** A stored value that does not match its column's format: a programming or data error, never user input. */
export class StoredJsonError extends Error {
  constructor(
    readonly column: string,
    detail: string,
  ) {
    super(`存储的数据格式不正确（${column}）：${detail}`);
    this.name = "StoredJsonError";
  }
}

const CURRENT_VERSION = 1;

function unversioned(column: string, json: unknown): unknown {
  if (typeof json !== "object" || json === null || Array.isArray(json) || !("version" in json)) return json;
  const { version, ...rest } = json as Record<string, unknown>;
  if (!Number.isInteger(version) || (version as number) < 1) throw new StoredJsonError(column, `版本号 ${String(version)} 无效`);
  if ((version as number) > CURRENT_VERSION) throw new StoredJsonError(column, `版本 ${String(version)} 比本程序能读的版本 ${CURRENT_VERSION} 新`);
  return rest;
}

function parse<T>(column: string, schema: z.ZodType<T>, json: unknown): T {
  const r = schema.safeParse(unversioned(column, json));
  if (!r.success) {
    const i = r.error.issues[0];
    throw new StoredJsonError(column, i ? `${i.path.join(".") || "（整体）"} ${i.message}` : "格式不符");
  }
  return r.data;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Campaign.rules: the rules in force for a campaign, fixed when it was created. Keys added to the rule
 * pack since (e.g. proxiesPerVoter) take DEFAULT_RULES' value; an unknown or out-of-range key is an error.
 */
export function readCampaignRules(json: unknown): RuleValues {
  const stored = unversioned("Campaign.rules", json);
  if (!isObject(stored)) throw new StoredJsonError("Campaign.rules", "不是一个对象");
  return parse("Campaign.rules", ruleValuesSchema, deepMerge(DEFAULT_RULES, stored));
}

/** RulePack.overrides: a province's or county's overrides (any subset of the rules). */
export function readRuleOverrides(json: unknown): RuleOverrides {
  return parse("RulePack.overrides", ruleOverridesSchema, json ?? {});
}

const post = z.enum(ELECTION_POSTS);
const gender = z.enum(["male", "female"]);
const appPost = z.enum(["DIRECTOR", "DEPUTY", "MEMBER", "WOMEN_MEMBER"]);
const count = z.number().int().min(0);

const ballotSchema = z.strictObject({
  sections: z.array(
    z.strictObject({
      post,
      appPost,
      seats: count,
      womenOnly: z.boolean(),
      candidates: z.array(z.strictObject({ key: z.string(), candidateId: z.string().nullable(), name: z.string(), gender })),
    }),
  ),
}) satisfies z.ZodType<Ballot>;

/** VotingRound.ballot: the sections and names printed on the round's ballot. */
export function readBallot(json: unknown): Ballot {
  return parse("VotingRound.ballot", ballotSchema, json);
}

const tallyValuesSchema = z.strictObject({
  ballotsIssued: count,
  ballotsReturned: count,
  invalidBallots: count,
  votes: z.array(z.strictObject({ post, key: z.string(), votes: count })),
  writeIns: z.array(z.strictObject({ post, name: z.string(), gender, votes: count })),
  exceedConfirmed: z.boolean(),
}) satisfies z.ZodType<TallyValues>;

/** TallyEntry.values: one entry of one box's tally sheet. */
export function readTallyValues(json: unknown): TallyValues {
  return parse("TallyEntry.values", tallyValuesSchema, json);
}

/** VotingRound.engineInput: what the rules engine decided the round on (replayable). */
export function readEngineInput(json: unknown): ElectionInput {
  return parse("VotingRound.engineInput", electionInputSchema, json);
}

const decisionSchema = z.strictObject({
  valid: z.boolean(),
  invalidReason: z.enum(["turnout", "ballotsExceedIssued"]).nullable(),
  elected: z.array(z.strictObject({ post, candidate: z.string().nullable(), writeIn: z.string().nullable(), votes: count })),
  unfilled: z.array(z.strictObject({ post, seats: count, womenOnly: z.boolean() })),
  ties: z.array(z.strictObject({ post, seats: count, between: z.array(z.string()) })),
  runoffCandidates: z.array(z.strictObject({ post, womenOnly: z.boolean(), between: z.array(z.string()) })),
  explanations: z.array(z.strictObject({ post: post.nullable(), who: z.string().nullable(), text: z.string() })),
}) satisfies z.ZodType<ElectionDecision>;

/** VotingRound.decision: the engine's decision for a decided round. */
export function readDecision(json: unknown): ElectionDecision {
  return parse("VotingRound.decision", decisionSchema, json);
}

/** VotingRound.engineInput for a round that may not be decided yet. */
export const readEngineInputOrNull = (json: unknown): ElectionInput | null => (json === null || json === undefined ? null : readEngineInput(json));

/** VotingRound.decision for a round that may not be decided yet. */
export const readDecisionOrNull = (json: unknown): ElectionDecision | null => (json === null || json === undefined ? null : readDecision(json));

export type PhotoRef = { path: string; attachmentId: string; sha256: string };
const photoRefsSchema = z.array(z.strictObject({ path: z.string(), attachmentId: z.string(), sha256: z.string() }));

/** SealedArchive.photos: the tally photos of a sealed package, by reference. */
export function readPhotoRefs(json: unknown): PhotoRef[] {
  return parse("SealedArchive.photos", photoRefsSchema, json);
}
