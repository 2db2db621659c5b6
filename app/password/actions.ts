"use server";
// account.changePassword from /password and /account. A required change ends on the home page.
import { redirect } from "next/navigation";
import { t } from "@/lib/i18n/zh";
import { executeAction } from "@/lib/server/action";
import { changeOwnPassword } from "@/lib/server/account";
import { getSessionActor } from "@/lib/server/auth/actor";
import { formInput, type FormResult } from "@/lib/server/form-action";

export async function changePasswordAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  // The one action that takes a session whose password change is due (getActor would redirect it).
  const actor = await getSessionActor();
  const res = await executeAction(changeOwnPassword, actor, formInput(fd));
  if (!res.ok) return { ok: false, error: res.error, fieldErrors: res.fieldErrors };
  if (actor?.passwordChange) redirect("/home");
  return { ok: true, message: res.data.sessionsEnded ? t.account.changedEnded(res.data.sessionsEnded) : t.account.changed };
}
