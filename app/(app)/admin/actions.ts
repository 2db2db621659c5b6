"use server";
// Thin server actions: each hands the form to one action definition (docs/architecture.md, request flow).
import { createDepartment, setDepartmentActive, updateDepartment } from "@/lib/server/departments";
import { performFormAction, type FormResult } from "@/lib/server/form-action";
import { createUnit, setUnitActive, updateUnit } from "@/lib/server/units";
import { deactivateUnit, importUnits, MAX_UNIT_BYTES } from "@/lib/server/units-import";
import type { UnitImportState } from "@/components/unit-import-form";
import { createUser, disableUsers, resetUserPassword, resetUserSecondFactor, saveSecondFactorPolicy, setUserDisabled, updateUser } from "@/lib/server/users";
import type { AccountImportState } from "@/components/account-import-form";
import { NO_FILE_CHOSEN, sizeText } from "@/lib/domain/spreadsheet-import";
import { importUsers, MAX_ACCOUNT_BYTES } from "@/lib/server/account-import";
import { executeAction } from "@/lib/server/action";
import { revalidatePath } from "next/cache";
import { verifyAuditChain } from "@/lib/server/audit";
import { getActor, requirePermission } from "@/lib/server/auth/actor";

const units = "/admin/units";
const departments = "/admin/departments";
const users = "/admin/users";

export async function createUnitAction(_: FormResult | null, fd: FormData) {
  return performFormAction(createUnit, fd, { message: "已创建下级单位", revalidate: units });
}
export async function updateUnitAction(_: FormResult | null, fd: FormData) {
  return performFormAction(updateUnit, fd, { message: "已保存单位信息", revalidate: units });
}
export async function setUnitActiveAction(_: FormResult | null, fd: FormData) {
  return performFormAction(setUnitActive, fd, { message: "已更新单位状态", revalidate: units });
}
/** The unit tree import into the signed-in administrator's own unit: a preview, or (apply=true) the import itself. */
export async function importUnitsAction(_prev: UnitImportState, fd: FormData): Promise<UnitImportState> {
  const actor = await getActor();
  const file = fd.get("file");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return { ok: false, error: "请先选择要导入的代码表（.xlsx 或 .csv）", details: [] };
  if (file.size > MAX_UNIT_BYTES) return { ok: false, error: `文件不能超过 ${sizeText(MAX_UNIT_BYTES)}，请按市或县分成几个文件导入`, details: [] };
  const res = await executeAction(importUnits, actor, {
    unitId: actor?.unitId ?? "",
    file: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name,
    apply: fd.get("apply") === "true",
    digest: String(fd.get("digest") ?? ""),
  });
  if (!res.ok) return { ok: false, error: res.error, details: res.details ?? [] };
  if (res.data.applied) revalidatePath(units, "layout");
  return { ok: true, plan: res.data };
}
export async function deactivateUnitAction(_: FormResult | null, fd: FormData) {
  return performFormAction(deactivateUnit, fd, { message: "已停用（连同其下级单位）", revalidate: units });
}
export async function createDepartmentAction(_: FormResult | null, fd: FormData) {
  return performFormAction(createDepartment, fd, { message: "已添加联审部门", revalidate: departments });
}
export async function updateDepartmentAction(_: FormResult | null, fd: FormData) {
  return performFormAction(updateDepartment, fd, { message: "已保存", revalidate: departments });
}
export async function setDepartmentActiveAction(_: FormResult | null, fd: FormData) {
  return performFormAction(setDepartmentActive, fd, { message: "已更新部门状态", revalidate: departments });
}
export async function createUserAction(_: FormResult | null, fd: FormData) {
  return performFormAction(createUser, fd, { message: "已创建用户", revalidate: users });
}
export async function updateUserAction(_: FormResult | null, fd: FormData) {
  return performFormAction(updateUser, fd, { message: "已保存用户信息", revalidate: users });
}
export async function setUserDisabledAction(_: FormResult | null, fd: FormData) {
  return performFormAction(setUserDisabled, fd, { message: "已更新账号状态", revalidate: users });
}
export async function disableUsersAction(_: FormResult | null, fd: FormData) {
  return performFormAction(disableUsers, fd, { message: "已停用所选账号，其登录会话已全部结束", revalidate: users });
}

/**
 * The account import: into the signed-in administrator's own unit. The initial passwords go back to the
 * page once, in this answer only; they are not stored anywhere in plain text.
 */
export async function importUsersAction(_prev: AccountImportState, fd: FormData): Promise<AccountImportState> {
  const actor = await getActor();
  const file = fd.get("file");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return { ok: false, error: NO_FILE_CHOSEN, details: [] };
  if (file.size > MAX_ACCOUNT_BYTES) return { ok: false, error: `文件不能超过 ${sizeText(MAX_ACCOUNT_BYTES)}，请按乡镇分成几个文件导入`, details: [] };
  const res = await executeAction(importUsers, actor, {
    unitId: actor?.unitId ?? "",
    file: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name,
    otp: fd.get("otp") ?? undefined,
  });
  if (!res.ok) return { ok: false, error: res.fieldErrors?.otp ?? res.error, details: res.details ?? [] };
  revalidatePath(users, "layout");
  return { ok: true, created: res.data.created, accounts: res.data.accounts };
}
export async function resetUserPasswordAction(_: FormResult | null, fd: FormData) {
  return performFormAction(resetUserPassword, fd, { message: "已重置密码，该用户的登录会话已全部结束", revalidate: users });
}

export async function resetUserSecondFactorAction(_: FormResult | null, fd: FormData) {
  return performFormAction(resetUserSecondFactor, fd, { message: "已清除该用户的第二因素，其须重新绑定验证器", revalidate: users });
}
export async function saveSecondFactorPolicyAction(_: FormResult | null, fd: FormData) {
  return performFormAction(saveSecondFactorPolicy, fd, { message: "已保存第二因素要求", revalidate: users });
}

/** Walks the audit chain (read-only); available to holders of audit.view. */
export async function verifyAuditAction(): Promise<FormResult> {
  await requirePermission("audit.view");
  const r = await verifyAuditChain();
  return r.broken
    ? { ok: false, error: `审计日志第 ${r.broken.id} 条被篡改或缺失（${r.broken.reason === "link" ? "链接断开" : "内容不符"}）；已校验 ${r.checked} 条` }
    : { ok: true, message: `审计日志完整：共 ${r.checked} 条，链头哈希 ${r.head.slice(0, 16)}…` };
}
