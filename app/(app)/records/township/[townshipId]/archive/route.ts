// GET a township's archive package for one campaign (?campaign=<id>): every sealed village in one ZIP.
import { getTownshipArchive } from "@/lib/server/records/archive";
import { archiveResponse } from "@/lib/server/records/archive-response";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({ params: ["townshipId"], query: ["campaign"] }, ({ actor, params }) =>
  archiveResponse(() => getTownshipArchive(actor, params.townshipId, params.campaign)),
);
