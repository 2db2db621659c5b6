"use server";
// Thin server actions for the voter-roll page (选民名册). Form fields arrive flat; the reason is the
// chosen suggestion plus the typed detail, and the objection decision's nested `apply` comes from dotted names.
import { formInput, performFormAction, type FormResult } from "@/lib/server/form-action";
import { decideObjection, recordObjection } from "@/lib/server/voters/objections";
import { openRoll, postRoll } from "@/lib/server/voters/rolls";
import { addVoter, changeVoter, removeVoter } from "@/lib/server/voters/voters";

const e = "/elections";

/** "死亡" + "2026年11月病故" → "死亡：2026年11月病故"; "其他" means the typed text alone. */
function withReason(input: Record<string, unknown>): Record<string, unknown> {
  const { reasonKind, reasonText, ...rest } = input;
  const kind = typeof reasonKind === "string" && reasonKind !== "其他" ? reasonKind.trim() : "";
  const text = typeof reasonText === "string" ? reasonText.trim() : "";
  return { ...rest, reason: kind && text ? `${kind}：${text}` : kind || text };
}

/** { "apply.kind": "ADD", "apply.voter.name": "…" } → { apply: { kind: "ADD", voter: { name: "…" } } }. */
function nested(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const parts = key.split(".");
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts.at(-1)!] = value;
  }
  return out;
}

export async function openRollAction(_: FormResult | null, fd: FormData) {
  return performFormAction(openRoll, fd, { message: "已建立选民名册", revalidate: e });
}
export async function addVoterAction(_: FormResult | null, fd: FormData) {
  return performFormAction(addVoter, withReason(formInput(fd)), { message: "已新增选民", revalidate: e });
}
export async function changeVoterAction(_: FormResult | null, fd: FormData) {
  return performFormAction(changeVoter, withReason(formInput(fd)), { message: "已变更", revalidate: e });
}
export async function removeVoterAction(_: FormResult | null, fd: FormData) {
  return performFormAction(removeVoter, withReason(formInput(fd)), { message: "已从名单中删除", revalidate: e });
}
export async function postRollAction(_: FormResult | null, fd: FormData) {
  return performFormAction(postRoll, fd, { message: "已登记张榜公布", revalidate: e });
}
export async function recordObjectionAction(_: FormResult | null, fd: FormData) {
  return performFormAction(recordObjection, fd, { message: "已登记申诉", revalidate: e });
}
export async function decideObjectionAction(_: FormResult | null, fd: FormData) {
  const input = nested(formInput(fd));
  // Only an upheld objection changes the roll; the fields of the other choices are left unsent.
  const apply = input.apply as Record<string, unknown> | undefined;
  if (input.outcome !== "UPHELD" || !apply || !apply.kind) delete input.apply;
  else if (apply.kind === "ADD") input.apply = { kind: "ADD", voter: apply.voter };
  else if (apply.kind === "REMOVE") input.apply = { kind: "REMOVE", voterId: apply.voterId };
  else
    input.apply = {
      kind: "CHANGE",
      voterId: apply.voterId,
      name: apply.name,
      group: apply.group,
      category: apply.category,
      consentMeetingOn: apply.consentMeetingOn,
    };
  return performFormAction(decideObjection, input, { message: "已登记处理决定", revalidate: e });
}
