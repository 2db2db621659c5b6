"use server";
// Thin server action for the dashboard: the township's (or county's) red/yellow/green risk status.
import { performFormAction, type FormResult } from "@/lib/server/form-action";
import { setRisk } from "@/lib/server/oversight/dashboard";

export async function setRiskAction(_: FormResult | null, fd: FormData) {
  return performFormAction(setRisk, fd, { message: "已保存风险等级", revalidate: "/dashboard" });
}
