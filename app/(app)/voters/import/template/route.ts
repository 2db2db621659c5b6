// GET the voter import template (.xlsx): header row with notes, 登记类别 dropdown, the actor's village codes.
import { xlsxDownload } from "@/lib/server/nomination/excel";
import { guardedGet } from "@/lib/server/route";
import { mayImportVoters, voterImportTemplate } from "@/lib/server/voters/import-template";

export const dynamic = "force-dynamic";

export const GET = guardedGet({}, async ({ actor }) =>
  mayImportVoters(actor) ? xlsxDownload(await voterImportTemplate(actor), `${actor.unitName}-选民名单导入模板.xlsx`, "voter-import-template.xlsx") : null,
);
