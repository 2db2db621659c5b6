// Downloads a vetting evidence file: scoped and audited in the DAL; foreign or unknown ids are 404.
import { fileResponse } from "@/lib/server/file-response";
import { guardedGet } from "@/lib/server/route";
import { getOpinionAttachment } from "@/lib/server/vetting/opinions";

export const dynamic = "force-dynamic";

export const GET = guardedGet({ params: ["id"] }, async ({ actor, params }) => {
  const file = await getOpinionAttachment(actor, params.id);
  return file ? fileResponse(file, "attachment", "evidence") : null;
});
