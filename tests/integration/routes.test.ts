// The app's GET route handlers share one preamble (lib/server/route.ts): not signed in → the login page;
// an id that is not a UUID, an unknown id and a foreign county's id → the same 404; the actor's own → 200.
import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/server/auth/sessions";
import { NOT_FOUND_TEXT } from "@/lib/server/route";
import { makeActor, makeTree } from "../support/fixtures";
import { makeCampaign } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth/actor", () => ({ getActor: async () => session.actor }));

const { GET: candidateTemplate } = await import("@/app/(app)/campaigns/[id]/template/route");
const { GET: pastTermTemplate } = await import("@/app/(app)/past-terms/template/route");
const { GET: townshipArchive } = await import("@/app/(app)/records/township/[townshipId]/archive/route");
const { GET: tallyPhoto } = await import("@/app/tallies/photos/[id]/route");

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "routes_officer" });
const countyB = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "routes_county_b" });
const countyA = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "routes_county_a" });
const campaign = await makeCampaign(prisma, tree.countyA.id);

const call = (
  handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>,
  path: string,
  params: Record<string, string> = {},
) => handler(new Request(`http://localhost${path}`), { params: Promise.resolve(params) });

async function expectNotFound(res: Response) {
  expect(res.status).toBe(404);
  expect(await res.text()).toBe(NOT_FOUND_TEXT);
}

describe("GET route handlers", () => {
  it("send a caller without a session to the login page", async () => {
    session.actor = null;
    const res = await call(candidateTemplate, `/campaigns/${campaign.id}/template`, { id: campaign.id });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!).pathname).toBe("/login");
  });

  it("answer a malformed id, an unknown one and a foreign county's alike", async () => {
    session.actor = officer;
    await expectNotFound(await call(candidateTemplate, "/campaigns/x/template", { id: "not-a-uuid" }));
    await expectNotFound(await call(candidateTemplate, "/campaigns/u/template", { id: "00000000-0000-4000-8000-000000000000" }));
    await expectNotFound(await call(tallyPhoto, "/tallies/photos/x", { id: "../../etc/passwd" }));
    session.actor = countyB;
    await expectNotFound(await call(candidateTemplate, `/campaigns/${campaign.id}/template`, { id: campaign.id }));
    // A query id is checked too: the township archive needs ?campaign=<uuid>.
    session.actor = countyA;
    await expectNotFound(await call(townshipArchive, `/records/township/${tree.townA1.id}/archive?campaign=abc`, { townshipId: tree.townA1.id }));
  });

  it("answer the actor's own with the file, and a missing permission with 404", async () => {
    session.actor = officer;
    const res = await call(candidateTemplate, `/campaigns/${campaign.id}/template`, { id: campaign.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/spreadsheetml/);
    expect(res.headers.get("content-disposition")).toMatch(/filename\*=UTF-8''/);
    // A township officer may not import past terms (term.import is the county's).
    await expectNotFound(await call(pastTermTemplate, "/past-terms/template"));
    session.actor = countyA;
    expect((await call(pastTermTemplate, "/past-terms/template")).status).toBe(200);
  });
});
