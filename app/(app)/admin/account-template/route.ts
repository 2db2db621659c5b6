// GET the account import template (.xlsx): the 账号 sheet with its 角色 dropdown and the administrator's unit codes.
import { NextResponse } from "next/server";
import { accountTemplate, mayImportAccounts } from "@/lib/server/account-import";
import { getActor } from "@/lib/server/auth/actor";
import { notFoundResponse, xlsxDownload } from "@/lib/server/nomination/excel";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  if (!mayImportAccounts(actor)) return notFoundResponse();
  return xlsxDownload(await accountTemplate(actor), `${actor.unitName}-用户账号导入模板.xlsx`, "account-template.xlsx");
}
