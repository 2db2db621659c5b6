// Downloads a vetting evidence file: scoped and audited in the DAL; foreign or unknown ids are 404.
import { z } from "zod";
import { getActor } from "@/lib/server/auth/actor";
import { fileResponse } from "@/lib/server/file-response";
import { getOpinionAttachment } from "@/lib/server/vetting/opinions";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  if (!actor) return new Response("请先登录", { status: 401 });
  const { id } = await ctx.params;
  const file = z.uuid().safeParse(id).success ? await getOpinionAttachment(actor, id) : null;
  if (!file) return new Response("未找到", { status: 404 });
  return fileResponse(file, "attachment", "evidence");
}
