// npm run seed:scale (lib/server/seed/scale.ts) at a small size: what its summary reports is what the
// database holds, every village ends certified through the actions, the audit chain verifies, the
// batched path gives the same kind of result, and the same arguments give the same data.
import { describe, expect, it } from "vitest";
import type { TallyValues } from "@/lib/domain/tally";
import { verifyAuditChain } from "@/lib/server/audit";
import { planCounties, seedScale, SCALE_CAMPAIGN, SCALE_PAST_TERM, type SeedScaleSummary } from "@/lib/server/seed/scale";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();

/** Everything the summary claims, counted in the database for the given counties. */
async function counted(countyIds: string[]) {
  const inCounties = { unit: { countyId: { in: countyIds } } };
  const elections = await prisma.election.findMany({
    where: { campaign: { countyId: { in: countyIds }, name: SCALE_CAMPAIGN } },
    select: {
      id: true,
      registeredVoters: true,
      listStatus: true,
      resultConfirmedAt: true,
      certifiedAt: true,
      _count: { select: { members: true, certificates: true, rounds: true } },
    },
  });
  const firstRoundEntries = await prisma.tallyEntry.findMany({
    where: { slot: "SECOND", boxTally: { status: "ACCEPTED", round: { number: 1, election: inCounties } } },
    select: { values: true },
  });
  return {
    townships: await prisma.unit.count({ where: { countyId: { in: countyIds }, level: "TOWNSHIP" } }),
    villages: await prisma.unit.count({ where: { countyId: { in: countyIds }, kind: "VILLAGE" } }),
    communities: await prisma.unit.count({ where: { countyId: { in: countyIds }, kind: "COMMUNITY" } }),
    elections,
    candidates: await prisma.candidate.count({ where: { election: inCounties } }),
    rejected: await prisma.vettingEntry.count({ where: { decision: "REJECTED", candidate: { election: inCounties } } }),
    members: await prisma.electedMember.count({ where: { election: inCounties } }),
    registeredVoters: elections.reduce((s, e) => s + e.registeredVoters, 0),
    votesCast: firstRoundEntries.reduce((s, e) => s + (e.values as TallyValues).ballotsReturned, 0),
    runoffs: elections.filter((e) => e._count.rounds > 1).length,
    pastTermMembers: await prisma.pastTermMember.count({ where: { term: { countyId: { in: countyIds }, name: SCALE_PAST_TERM } } }),
  };
}

async function expectMatches(summary: SeedScaleSummary) {
  const db = await counted(summary.counties.map((c) => c.id));
  expect({
    townships: db.townships,
    villages: db.villages,
    communities: db.communities,
    candidates: db.candidates,
    rejected: db.rejected,
    members: db.members,
    registeredVoters: db.registeredVoters,
    votesCast: db.votesCast,
    runoffs: db.runoffs,
    pastTermMembers: db.pastTermMembers,
  }).toEqual({
    townships: summary.townships,
    villages: summary.villages,
    communities: summary.communities,
    candidates: summary.candidates,
    rejected: summary.rejected,
    members: summary.members,
    registeredVoters: summary.registeredVoters,
    votesCast: summary.votesCast,
    runoffs: summary.runoffs,
    pastTermMembers: summary.pastTermMembers,
  });
  expect(db.elections).toHaveLength(summary.villages + summary.communities);
  for (const e of db.elections) {
    expect(e.listStatus).toBe("FORMAL");
    expect(e.resultConfirmedAt).not.toBeNull();
    expect(e.certifiedAt).not.toBeNull();
    expect(e._count.members).toBeGreaterThanOrEqual(3);
    expect(e._count.certificates).toBe(e._count.members);
  }
  expect(summary.members).toBeGreaterThanOrEqual(3 * db.elections.length);
  expect(summary.votesCast / summary.registeredVoters).toBeGreaterThan(0.8);
}

describe("seed:scale", () => {
  let first: SeedScaleSummary;

  it("seeds a small county through the actions; the summary equals what the database holds", async () => {
    first = await seedScale({ villages: 5, communities: 1, countyCode: "970121000000", seed: 7 });
    expect(first).toMatchObject({ villages: 5, communities: 1, batched: false });
    expect(first.counties).toHaveLength(1);
    // The whole flow ran as actions: about twenty per village.
    expect(first.actions).toBeGreaterThan(20 * 6);
    await expectMatches(first);
    // The previous term is there for the comparisons, beside the campaign.
    expect(await prisma.pastTerm.count({ where: { countyId: first.counties[0]!.id } })).toBe(1);
  });

  it("the batched path ends the same way: confirmed by the rules engine, certified", async () => {
    const batched = await seedScale({ villages: 3, countyCode: "970122000000", seed: 7, batch: true });
    expect(batched).toMatchObject({ villages: 3, communities: 0, batched: true });
    expect(batched.actions).toBeLessThan(first.actions);
    await expectMatches(batched);
    // Both typings of every box are stored, by the village's two clerks.
    const tallies = await prisma.boxTally.findMany({
      where: { round: { election: { unit: { countyId: batched.counties[0]!.id } } } },
      select: { status: true, _count: { select: { entries: true } } },
    });
    expect(tallies.length).toBeGreaterThan(0);
    expect(tallies.every((t) => t.status === "ACCEPTED" && t._count.entries === 2)).toBe(true);
  });

  it("refuses a county code that exists, and plans the same data for the same arguments", async () => {
    await expect(seedScale({ villages: 2, countyCode: "970121000000" })).rejects.toThrow(/县代码已存在/);
    const a = planCounties({ villages: 450, communities: 30, countyCode: "970121000000", seed: 3 });
    const b = planCounties({ villages: 450, communities: 30, countyCode: "970121000000", seed: 3 });
    expect(a).toEqual(b);
    // More than 400 villages: several counties of about 130 units.
    expect(a.length).toBe(4);
    expect(a.reduce((s, c) => s + c.villages.length, 0)).toBe(480);
  });

  it("the audit chain verifies after all of it", async () => {
    const chain = await verifyAuditChain();
    expect(chain.broken).toBeNull();
    expect(chain.checked).toBeGreaterThan(first.actions);
  });
});
