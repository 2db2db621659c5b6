// GET one sealed election's archive package (ZIP): scoped, permission-checked and audited in the DAL.
import { getElectionArchive } from "@/lib/server/records/archive";
import { archiveResponse } from "@/lib/server/records/archive-response";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({ params: ["electionId"] }, ({ actor, params }) => archiveResponse(() => getElectionArchive(actor, params.electionId)));
