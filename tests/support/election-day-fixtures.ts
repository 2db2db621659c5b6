// Builders for election-day tests: an election whose formal candidate list is published, and its
// polling setup, written straight to the database (the actions are tested on their own).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { addValidList, freshPerson, makeElection } from "./nomination-fixtures";

/**
 * makeElection's seats (director 1, members 2; 800 registered voters) with addValidList's five
 * candidates, all on the published formal list, and one central station with a fixed box for 770
 * voters and a mobile box for 30 with its three monitors.
 */
export async function makeFormalElection(prisma: PrismaClient, campaignId: string, unitId: string, countyId: string) {
  const election = await makeElection(prisma, campaignId, unitId);
  const list = await addValidList(prisma, election.id, countyId);
  let rank = 0;
  for (const c of list) await prisma.candidate.update({ where: { id: c.candidate.id }, data: { formalRank: ++rank } });
  await prisma.election.update({ where: { id: election.id }, data: { listStatus: "FORMAL", formalPublishedAt: new Date() } });
  const station = await prisma.pollingStation.create({ data: { electionId: election.id, name: "中心会场", kind: "CENTRAL", place: "村委会大院" } });
  const fixed = await prisma.ballotBox.create({ data: { electionId: election.id, stationId: station.id, name: "1号票箱", kind: "FIXED", voters: 770 } });
  const mobile = await prisma.ballotBox.create({ data: { electionId: election.id, stationId: station.id, name: "流动票箱", kind: "MOBILE", voters: 30 } });
  // The mobile box needs three monitors (docs/rules/proxies-and-polling.md); none of them is a candidate.
  for (let i = 1; i <= 3; i++) {
    await prisma.pollingStaff.create({
      data: { electionId: election.id, name: `监票人${i}`, idNumber: freshPerson().idNumber, duty: "MONITOR", boxId: mobile.id },
    });
  }
  return {
    election: await prisma.election.findUniqueOrThrow({ where: { id: election.id } }),
    candidates: list,
    station,
    boxes: { fixed, mobile },
  };
}
