"use server";
// account.endOtherSessions and account.endSession from the session list on 我的账号.
import { revalidatePath } from "next/cache";
import { t } from "@/lib/i18n/zh";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import { formInput, performFormAction, type FormResult } from "@/lib/server/form-action";
import { endOtherSessions, endOwnSession } from "@/lib/server/own-sessions";

export async function endOtherSessionsAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  const res = await executeAction(endOtherSessions, await getActor(), formInput(fd));
  if (!res.ok) return { ok: false, error: res.error, fieldErrors: res.fieldErrors };
  revalidatePath("/account");
  return { ok: true, message: t.account.endedOthers(res.data.sessionsEnded) };
}

export async function endSessionAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  return performFormAction(endOwnSession, fd, { message: t.account.sessionEnded, revalidate: "/account" });
}
