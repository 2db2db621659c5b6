// Printed ballots and blank tally sheets as the people printing them notice: the formal candidates
// only, in 姓氏笔画 order under their post, the stored ballot once a round is open, nothing before the
// formal list is published, nothing outside one's own villages, and a township's bulk run that says
// which villages it left out.
import { describe, expect, it } from "vitest";
import { firstRoundBallot, type Ballot } from "@/lib/domain/ballot";
import { sortByStroke } from "@/lib/domain/stroke-order";
import { getBallotPapers, getTownshipBallotPapers, listBallotTownships, NOT_READY_MESSAGE, type BallotPapers } from "@/lib/server/election-day/ballots";
import { makeActor, makeTree, makeUnit } from "../support/fixtures";
import { makeFormalElection } from "../support/election-day-fixtures";
import { addCandidate, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const countyA = tree.countyA.id;
// Township A1: A1a (formal, boxes), A1b (draft list), A1c (no election), A1d community (formal, rounds opened).
const villageA1c = await makeUnit(prisma, tree.townA1, "980101100203", "甲三村", "VILLAGE");
const communityA1d = await makeUnit(prisma, tree.townA1, "980101100204", "甲四社区", "COMMUNITY");

const campaign = await makeCampaign(prisma, countyA);
const campaignB = await makeCampaign(prisma, tree.countyB.id);

const officerA1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1);
const officerA2 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA2);
const clerkA1a = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a);
const countyAdminA = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);
const countyAdminB = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB);
const reviewerA = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA);

/** A formal election whose candidates are renamed: directors 王五, 丁一; members 李四 (woman), 张三, 赵六. */
async function namedFormalElection(unitId: string) {
  const f = await makeFormalElection(prisma, campaign.id, unitId, countyA);
  const names = ["王五", "丁一", "李四", "张三", "赵六"];
  for (const [i, c] of f.candidates.entries()) await prisma.person.update({ where: { id: c.person.id }, data: { name: names[i]! } });
  // On the preliminary list but not on the formal one (not passed vetting): never printed.
  await addCandidate(prisma, f.election.id, countyA, "MEMBER", "MALE", "白七");
  return f;
}

const a1a = await namedFormalElection(tree.villageA1a.id);
const a1b = await makeElection(prisma, campaign.id, tree.villageA1b.id);
const a1d = await namedFormalElection(communityA1d.id);
// An election in another township, for scope checks.
await makeElection(prisma, campaign.id, tree.villageA2a.id);

const names = (b: Ballot) => b.sections.map((s) => ({ post: s.post, seats: s.seats, names: s.candidates.map((c) => c.name) }));

function ready(p: Awaited<ReturnType<typeof getBallotPapers>>): BallotPapers {
  if (!p || "notReady" in p) throw new Error(`expected papers, got ${JSON.stringify(p)}`);
  return p;
}

describe("getBallotPapers", () => {
  it("computes the first ballot from the formal list: posts in order, names in stroke order, formal candidates only", async () => {
    const p = ready(await getBallotPapers(officerA1, a1a.election.id));
    expect(p.round).toEqual({ number: 1, kind: "FIRST", label: "第一次投票", stored: false });
    expect(p.rounds).toEqual([]);
    expect(names(p.ballot)).toEqual([
      { post: "director", seats: 1, names: sortByStroke(["王五", "丁一"], (n) => n) },
      { post: "member", seats: 2, names: sortByStroke(["李四", "张三", "赵六"], (n) => n) },
    ]);
    // Stroke order puts 丁 (2) before 王 (4).
    expect(p.ballot.sections[0]!.candidates.map((c) => c.name)).toEqual(["丁一", "王五"]);
    expect(JSON.stringify(p.ballot)).not.toContain("白七");
    expect(p.ballot.sections[1]!.candidates.find((c) => c.name === "李四")?.gender).toBe("female");
    expect(p.village).toMatchObject({ name: "甲一村", kind: "VILLAGE" });
    expect(p.township?.name).toBe("甲一镇");
    expect(p.campaign.name).toBe(campaign.name);
    expect(p.boxes.map((b) => [b.name, b.kind, b.stationName])).toEqual([
      ["1号票箱", "FIXED", "中心会场"],
      ["流动票箱", "MOBILE", "中心会场"],
    ]);
  });

  it("gives the village's own clerk and the county the same ballot", async () => {
    const byOfficer = ready(await getBallotPapers(officerA1, a1a.election.id));
    expect(ready(await getBallotPapers(clerkA1a, a1a.election.id)).ballot).toEqual(byOfficer.ballot);
    expect(ready(await getBallotPapers(countyAdminA, a1a.election.id)).ballot).toEqual(byOfficer.ballot);
  });

  it("prints nothing before the formal list is published", async () => {
    const p = await getBallotPapers(officerA1, a1b.id);
    expect(p && "notReady" in p && p.notReady).toContain(NOT_READY_MESSAGE);
    expect(p && "ballot" in p).toBe(false);
  });

  it("finds nothing outside the actor's villages or without tally.view", async () => {
    expect(await getBallotPapers(officerA2, a1a.election.id)).toBeNull();
    expect(await getBallotPapers(countyAdminB, a1a.election.id)).toBeNull();
    expect(await getBallotPapers(clerkA1a, a1d.election.id)).toBeNull();
    expect(await getBallotPapers(reviewerA, a1a.election.id)).toBeNull();
  });

  it("uses the ballot a round stored once rounds are open, the latest by default", async () => {
    const first = ready(await getBallotPapers(officerA1, a1d.election.id)).ballot;
    const runoff: Ballot = {
      sections: [
        {
          post: "member",
          appPost: "MEMBER",
          seats: 1,
          womenOnly: false,
          candidates: [{ key: "w:孙八", candidateId: null, name: "孙八", gender: "male" }, first.sections[1]!.candidates[0]!],
        },
      ],
    };
    await prisma.votingRound.create({ data: { electionId: a1d.election.id, number: 1, kind: "FIRST", ballot: first, status: "DECIDED" } });
    await prisma.votingRound.create({ data: { electionId: a1d.election.id, number: 2, kind: "RUNOFF", ballot: runoff } });
    // A later change to the list does not reach a stored ballot.
    await prisma.person.update({ where: { id: a1d.candidates[1]!.person.id }, data: { name: "丁改" } });

    const latest = ready(await getBallotPapers(officerA1, a1d.election.id));
    expect(latest.round).toEqual({ number: 2, kind: "RUNOFF", label: "另行选举（第2轮）", stored: true });
    expect(latest.ballot).toEqual(runoff);
    expect(latest.rounds.map((r) => r.label)).toEqual(["第一次投票", "另行选举（第2轮）"]);
    expect(latest.village.kind).toBe("COMMUNITY");

    const one = ready(await getBallotPapers(officerA1, a1d.election.id, 1));
    expect(one.round).toMatchObject({ number: 1, stored: true });
    expect(one.ballot).toEqual(first);
    expect(JSON.stringify(one.ballot)).toContain("丁一");
    expect(await getBallotPapers(officerA1, a1d.election.id, 3)).toBeNull();
  });

  it("matches what the rounds will store: firstRoundBallot on the formal list", async () => {
    const p = ready(await getBallotPapers(officerA1, a1a.election.id, 1));
    const formal = await prisma.candidate.findMany({
      where: { electionId: a1a.election.id, formalRank: { not: null } },
      select: { id: true, post: true, person: { select: { name: true, gender: true } } },
    });
    expect(p.ballot).toEqual(
      firstRoundBallot(
        { DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 0 },
        formal.map((c) => ({ id: c.id, post: c.post, name: c.person.name, gender: c.person.gender })),
      ),
    );
    expect(await getBallotPapers(officerA1, a1a.election.id, 2)).toBeNull();
  });
});

describe("getTownshipBallotPapers", () => {
  // Runs after the rounds test above: 甲四社区 has two rounds open by now.
  it("prints every village with a formal list in code order and says why the others are left out", async () => {
    const t = await getTownshipBallotPapers(officerA1, campaign.id, tree.townA1.id);
    expect(t).not.toBeNull();
    expect(t!.township.name).toBe("甲一镇");
    expect(t!.papers.map((p) => p.village.name)).toEqual(["甲一村", "甲四社区"]);
    expect(t!.papers.map((p) => p.round.number)).toEqual([1, 2]);
    expect(t!.skipped.map((s) => s.name)).toEqual(["甲二村", "甲三村"]);
    expect(t!.skipped[0]!.reason).toContain("正式候选人名单尚未公布");
    expect(t!.skipped[0]!.reason).toContain("录入中");
    expect(t!.skipped[1]!.reason).toBe("尚未设置本次换届的选举");
    expect(t!.skipped.some((s) => s.unitId === villageA1c.id)).toBe(true);
  });

  it("finds nothing for another township, another county's campaign, or a village clerk", async () => {
    expect(await getTownshipBallotPapers(officerA2, campaign.id, tree.townA1.id)).toBeNull();
    expect(await getTownshipBallotPapers(countyAdminB, campaign.id, tree.townA1.id)).toBeNull();
    expect(await getTownshipBallotPapers(countyAdminA, campaignB.id, tree.townA1.id)).toBeNull();
    expect(await getTownshipBallotPapers(clerkA1a, campaign.id, tree.townA1.id)).toBeNull();
    expect(await getTownshipBallotPapers(reviewerA, campaign.id, tree.townA1.id)).toBeNull();
  });

  it("lists the townships a user may print for, with how many villages are ready", async () => {
    const county = await listBallotTownships(countyAdminA, campaign.id);
    expect(county?.townships.map((t) => [t.name, t.formal, t.villages])).toEqual([
      ["甲一镇", 2, 4],
      ["甲二乡", 0, 1],
    ]);
    expect((await listBallotTownships(officerA1, campaign.id))?.townships.map((t) => t.name)).toEqual(["甲一镇"]);
    expect((await listBallotTownships(clerkA1a, campaign.id))?.townships).toEqual([]);
    expect(await listBallotTownships(countyAdminB, campaign.id)).toBeNull();
    expect(await listBallotTownships(reviewerA, campaign.id)).toBeNull();
  });
});
