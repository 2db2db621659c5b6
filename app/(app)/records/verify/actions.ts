"use server";
// Checks an uploaded archive package against its manifests and the sealed records of this deployment.
// Reads only: nothing is stored or changed.
import type { VerifyState } from "@/components/archive-verify-form";
import { getActor } from "@/lib/server/auth/actor";
import { canVerifyArchives, MAX_VERIFY_BYTES, verifyUploadedArchive } from "@/lib/server/records/archive-verify";

export async function verifyArchiveAction(_prev: VerifyState, fd: FormData): Promise<VerifyState> {
  const actor = await getActor();
  const file = fd.get("file");
  const fileName = file instanceof File ? file.name : "";
  if (!actor) return { status: "error", fileName, message: "登录已失效，请重新登录" };
  if (!canVerifyArchives(actor)) return { status: "error", fileName, message: "您没有校验档案包的权限" };
  if (!(file instanceof File) || file.size === 0) return { status: "error", fileName, message: "请选择档案包（.zip）" };
  if (file.size > MAX_VERIFY_BYTES) return { status: "error", fileName, message: "文件过大，请用命令 npm run --silent archive:verify -- 档案包.zip 校验" };
  const check = await verifyUploadedArchive(actor, new Uint8Array(await file.arrayBuffer()));
  if (check.status === "unreadable") return { status: "unreadable", fileName, message: check.message };
  return { status: check.status, fileName, lines: check.lines, problems: check.findings };
}
