// The result page's 重新开放 offer: only while the county could really reopen; after certification or
// sealing the page says why instead of showing a form that can only be refused.
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/server/action";
import { getElectionResult, reopenResult } from "@/lib/server/election-day/results";
import { makeActor, makeTree } from "../support/fixtures";
import { makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const county = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "reopen_county" });
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "reopen_officer" });
const campaign = await makeCampaign(prisma, tree.countyA.id);

async function confirmedElection(unitId: string, data: Record<string, Date> = {}) {
  const e = await makeElection(prisma, campaign.id, unitId);
  const at = new Date();
  return prisma.election.update({ where: { id: e.id }, data: { listStatus: "FORMAL", formalPublishedAt: at, resultConfirmedAt: at, ...data } });
}

describe("reopening a result", () => {
  it("is offered for a confirmed result only", async () => {
    const e = await confirmedElection(tree.villageA1a.id);
    expect(await getElectionResult(county, e.id)).toMatchObject({ canReopen: true, reopenRefused: null });
    // The township officer may not reopen at all: no offer and nothing to explain.
    expect(await getElectionResult(officer, e.id)).toMatchObject({ canReopen: false, reopenRefused: null });
  });

  it("after certification there is no form; the page says to decertify first, as the action does", async () => {
    const at = new Date();
    const e = await confirmedElection(tree.villageA1b.id, { certifiedAt: at });
    const r = await getElectionResult(county, e.id);
    expect(r).toMatchObject({
      canReopen: false,
      reopenRefused: "该选举结果已经县级认定，不能直接重新开放：须先撤销认定（在「认定与归档」中说明理由），再重新开放",
    });
    expect(await executeAction(reopenResult, county, { electionId: e.id, version: e.version, reason: "发现计票错误需要更正" })).toMatchObject({
      ok: false,
      code: "invalid",
      error: r!.reopenRefused,
    });
  });

  it("after sealing there is no form; the page says the sealed data cannot change", async () => {
    const at = new Date();
    const e = await confirmedElection(tree.villageA2a.id, { certifiedAt: at, sealedAt: at });
    expect(await getElectionResult(county, e.id)).toMatchObject({
      canReopen: false,
      reopenRefused: expect.stringMatching(/^该选举已封存归档，不能重新开放：/),
    });
  });
});
