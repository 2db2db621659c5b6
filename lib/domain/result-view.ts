// What the result page, the printed result report and announcement, and the archive package show of a
// village's result. Plain data, built by lib/server/election-day/results.ts and rendered by the
// documents in lib/documents, so the documents need nothing from the server layer.
import type { Ballot } from "./ballot";
import type { ElectionDecision, ElectionInput } from "./election-engine";
import type { Post } from "./people";
import type { UnitKind } from "./units";

export type RoundResult = {
  id: string;
  number: number;
  label: string;
  kind: "FIRST" | "RUNOFF";
  decided: boolean;
  ballot: Ballot;
  decision: ElectionDecision | null;
  input: ElectionInput | null;
  figures: null | {
    registered: number;
    issued: number;
    returned: number;
    invalid: number;
    valid: number;
    turnoutNeeded: number;
    bar: number;
    barLabel: string;
  };
  /** Display names for the decision's references (candidate keys and write-in names). */
  names: Record<string, string>;
};

export type ComposedMember = {
  roundId: string;
  roundNumber: number;
  /** The round as printed: 第一次投票, 重新投票（第N轮）, 另行选举（第N轮）. */ roundLabel: string;
  post: Post;
  candidateId: string | null;
  personId: string | null;
  name: string;
  gender: "MALE" | "FEMALE";
  votes: number;
  writeIn: boolean;
};

export type ResultSeal = { at: Date; auditId: string; auditHash: string; archiveDigest: string | null };

export type ElectionResultView = {
  id: string;
  version: number;
  unit: { name: string; kind: UnitKind; township: string };
  campaign: string;
  electionDay: Date;
  registeredVoters: number;
  confirmedAt: Date | null;
  confirmedBy: string;
  certifiedAt: Date | null;
  seal: ResultSeal | null;
  rounds: RoundResult[];
  /** While confirmed, these are exactly the ElectedMember rows written then (the rounds are locked). */
  members: ComposedMember[];
  vacancies: { post: Post; seats: number }[];
  lastDecided: boolean;
  lastValid: boolean;
  further: { kind: "FIRST" | "RUNOFF" } | null;
  canConfirm: boolean;
  canReopen: boolean;
  /** Why the county cannot reopen (certified or sealed), for those who could otherwise. */
  reopenRefused: string | null;
};
