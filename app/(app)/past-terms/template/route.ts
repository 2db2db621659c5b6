// GET the past-term import template (.xlsx), with the county's villages and communities to copy codes from.
import { can } from "@/lib/domain/permissions";
import { xlsxDownload } from "@/lib/server/nomination/excel";
import { pastTermTemplate, templateVillages } from "@/lib/server/oversight/past-terms";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({}, async ({ actor }) => {
  if (!can(actor, "term.import", { path: actor.unitPath })) return null;
  const buffer = await pastTermTemplate({ villages: await templateVillages(actor) });
  return xlsxDownload(buffer, `${actor.unitName}-往届村(居)委会成员导入模板.xlsx`, "past-term-template.xlsx");
});
