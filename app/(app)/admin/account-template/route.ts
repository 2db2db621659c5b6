// GET the account import template (.xlsx): the 账号 sheet with its 角色 dropdown and the administrator's unit codes.
import { accountTemplate, mayImportAccounts } from "@/lib/server/account-import";
import { xlsxDownload } from "@/lib/server/nomination/excel";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({}, async ({ actor }) =>
  mayImportAccounts(actor) ? xlsxDownload(await accountTemplate(actor), `${actor.unitName}-用户账号导入模板.xlsx`, "account-template.xlsx") : null,
);
