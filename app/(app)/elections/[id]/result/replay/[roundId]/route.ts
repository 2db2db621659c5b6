// A decided round's engine input as JSON: `npm run --silent election:decide -- FILE.json` replays it.
import { getRoundReplay } from "@/lib/server/election-day/results";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({ params: ["id", "roundId"] }, async ({ actor, params }) => {
  const replay = await getRoundReplay(actor, params.id, params.roundId);
  if (!replay) return null;
  return new Response(`${JSON.stringify(replay.input, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${replay.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
});
