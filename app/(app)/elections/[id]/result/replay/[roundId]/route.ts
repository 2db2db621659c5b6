// A decided round's engine input as JSON: `npm run --silent election:decide -- FILE.json` replays it.
import { z } from "zod";
import { getActor } from "@/lib/server/auth/actor";
import { getRoundReplay } from "@/lib/server/election-day/results";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ id: string; roundId: string }> }) {
  const actor = await getActor();
  if (!actor) return new Response("请先登录", { status: 401 });
  const { id, roundId } = await ctx.params;
  const ok = z.uuid().safeParse(id).success && z.uuid().safeParse(roundId).success;
  const replay = ok ? await getRoundReplay(actor, id, roundId) : null;
  if (!replay) return new Response("未找到", { status: 404 });
  return new Response(`${JSON.stringify(replay.input, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${replay.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
