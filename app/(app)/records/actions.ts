"use server";
// Thin server actions for results to records: certification, decertification, sealing.
import { revalidatePath } from "next/cache";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import { formInput, performFormAction, type FormResult } from "@/lib/server/form-action";
import { certifyResults, decertifyResult, sealElection } from "@/lib/server/records/certification";

/** Certifies and says which villages were certified and which were skipped, and why. */
export async function certifyAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  const result = await executeAction(certifyResults, await getActor(), formInput(fd));
  if (!result.ok) return { ok: false, error: result.error, fieldErrors: result.fieldErrors };
  revalidatePath("/", "layout");
  const { refused, certified, skipped } = result.data;
  if (refused) return { ok: false, error: refused, fieldErrors: { password: "密码不正确" } };
  const skippedText = skipped.length ? `；未认定：${skipped.map((s) => `${s.name}（${s.reason}）`).join("、")}` : "";
  return { ok: true, message: `已认定 ${certified.length} 个村(社区)并颁发当选证书：${certified.join("、")}${skippedText}` };
}
export async function decertifyAction(_: FormResult | null, fd: FormData) {
  return performFormAction(decertifyResult, fd, { message: "已撤销认定，当选证书已作废（编号保留）", revalidate: "/" });
}
export async function sealAction(_: FormResult | null, fd: FormData) {
  return performFormAction(sealElection, fd, { message: "已封存归档", revalidate: "/" });
}
