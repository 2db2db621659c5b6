// A tally-sheet photo, shown beside the numbers: scoped in the DAL; foreign or unknown ids are 404.
import { getTallyPhoto } from "@/lib/server/election-day/tallies";
import { fileResponse } from "@/lib/server/file-response";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({ params: ["id"] }, async ({ actor, params }) => {
  const file = await getTallyPhoto(actor, params.id);
  return file ? fileResponse(file, "inline", "tally") : null;
});
