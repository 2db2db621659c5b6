// GET one village's preliminary candidate list as .xlsx (ID numbers and phones masked).
import { listWorkbookDownload, xlsxDownload } from "@/lib/server/nomination/excel";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({ params: ["id"] }, async ({ actor, params }) => {
  const download = await listWorkbookDownload(params.id, actor);
  return download ? xlsxDownload(download.buffer, download.fileName, "candidate-list.xlsx") : null;
});
