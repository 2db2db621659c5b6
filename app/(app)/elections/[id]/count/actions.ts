"use server";
// Thin server actions for election day: the count, the rounds and the result.
import { revalidatePath } from "next/cache";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import { confirmResult, reopenResult } from "@/lib/server/election-day/results";
import { decideRound, openVotingRound, undecideRound } from "@/lib/server/election-day/rounds";
import { attachTallyPhoto, saveTally } from "@/lib/server/election-day/tallies";
import { formInput, formInputWithFile, performFormAction, type FormResult } from "@/lib/server/form-action";

const e = "/elections";

/** Saves a tally sheet and says in words what happened to the box. */
export async function saveTallyAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  const result = await executeAction(saveTally, await getActor(), formInput(fd));
  if (!result.ok) return { ok: false, error: result.error, fieldErrors: result.fieldErrors };
  revalidatePath(e, "layout");
  const { status, differences, duplicate, notes } = result.data;
  if (duplicate) return { ok: true, message: "这张计票单已经保存过（重复提交只保存一次）" };
  // How a line was counted (a printed person written in elsewhere) is said, not done silently.
  const told = notes.length ? `。请注意：${notes.join("；")}` : "";
  if (status === "AWAITING_SECOND") return { ok: true, message: `已保存第一遍录入，请另一位工作人员独立录入第二遍${told}` };
  if (status === "MISMATCH") return { ok: true, message: `两遍录入有 ${differences.length} 处不一致，该票箱暂不计入，请对照计票单原件核定${told}` };
  return { ok: true, message: `已保存，该票箱已计入${told}` };
}

export async function attachTallyPhotoAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  return performFormAction(attachTallyPhoto, await formInputWithFile(fd, "file"), { message: "已上传计票单照片", revalidate: e });
}

export async function openRoundAction(_: FormResult | null, fd: FormData) {
  return performFormAction(openVotingRound, fd, { message: "已开始本轮计票", revalidate: e });
}
export async function decideRoundAction(_: FormResult | null, fd: FormData) {
  return performFormAction(decideRound, fd, { message: "已汇总并判定本轮结果", revalidate: e });
}
export async function undecideRoundAction(_: FormResult | null, fd: FormData) {
  return performFormAction(undecideRound, fd, { message: "已撤销本轮判定，可以更正计票单", revalidate: e });
}
export async function confirmResultAction(_: FormResult | null, fd: FormData) {
  return performFormAction(confirmResult, fd, { message: "已确认选举结果，全村计票数据已锁定", revalidate: e });
}
export async function reopenResultAction(_: FormResult | null, fd: FormData) {
  return performFormAction(reopenResult, fd, { message: "已重新开放选举结果", revalidate: e });
}
