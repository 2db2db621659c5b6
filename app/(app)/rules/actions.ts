"use server";
import { revalidatePath } from "next/cache";
import { overridesFromForm } from "@/lib/domain/rule-form";
import { executeAction } from "@/lib/server/action";
import { getActor } from "@/lib/server/auth/actor";
import type { FormResult } from "@/lib/server/form-action";
import { saveRulePack } from "@/lib/server/nomination/rules";

export async function saveRulesAction(_: FormResult | null, fd: FormData): Promise<FormResult> {
  const fields = Object.fromEntries([...fd.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const res = await executeAction(saveRulePack, await getActor(), { unitId: fields.unitId, version: fields.version, overrides: overridesFromForm(fields) });
  if (!res.ok) return { ok: false, error: res.error, fieldErrors: res.fieldErrors };
  revalidatePath("/rules");
  return { ok: true, message: "已保存规则包；新开启的换届将使用这些取值" };
}
