"use server";
// 我的账号: account.endOtherSessions and account.endSession from the session list, and the second factor.
import { revalidatePath } from "next/cache";
import { t } from "@/lib/i18n/zh";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import { formInput, performFormAction, type FormResult } from "@/lib/server/form-action";
import { endOtherSessions, endOwnSession } from "@/lib/server/own-sessions";
import { beginTotpEnrolment, confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes } from "@/lib/server/own-second-factor";

export async function endOtherSessionsAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  const res = await executeAction(endOtherSessions, await getActor(), formInput(fd));
  if (!res.ok) return { ok: false, error: res.error, fieldErrors: res.fieldErrors };
  revalidatePath("/account");
  return { ok: true, message: t.account.endedOthers(res.data.sessionsEnded) };
}

export async function endSessionAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  return performFormAction(endOwnSession, fd, { message: t.account.sessionEnded, revalidate: "/account" });
}

/** The answer of a step that shows new recovery codes once. */
export type CodesResult = { ok: true; codes: string[] } | { ok: false; error: string; fieldErrors?: Record<string, string> } | null;

async function withCodes(def: typeof confirmTotpEnrolment | typeof regenerateRecoveryCodes, fd: FormData): Promise<CodesResult> {
  const res = await executeAction(def, await getActor(), formInput(fd));
  if (!res.ok) return { ok: false, error: res.error, fieldErrors: res.fieldErrors };
  revalidatePath("/account");
  return { ok: true, codes: res.data.codes };
}

export async function beginTotpAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  return performFormAction(beginTotpEnrolment, fd, { message: t.account.totpBegun, revalidate: "/account" });
}
export async function confirmTotpAction(_: CodesResult, fd: FormData): Promise<CodesResult> {
  return withCodes(confirmTotpEnrolment, fd);
}
export async function regenerateCodesAction(_: CodesResult, fd: FormData): Promise<CodesResult> {
  return withCodes(regenerateRecoveryCodes, fd);
}
export async function disableTotpAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  return performFormAction(disableTotp, fd, { message: t.account.totpDisabled, revalidate: "/account" });
}
