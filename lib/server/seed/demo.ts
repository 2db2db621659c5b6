import "server-only";
// Loads the demo county into an empty database, in one transaction, audited.
import { randomUUID } from "node:crypto";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { DEFAULT_NEGATIVE_LIST } from "@/lib/domain/vetting";
import { childPath, levelOfKind } from "@/lib/domain/units";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { appendAudit } from "../audit";
import { hashPassword } from "../auth/password";
import { idCheckChar } from "@/lib/domain/id-number";
import { DEMO_CAMPAIGN, DEMO_DEPARTMENTS, DEMO_ELECTION_DAY, DEMO_PASSWORD, DEMO_TREE, DEMO_USERS, type DemoUnit } from "./demo-data";

export async function seedDemo(prisma: PrismaClient): Promise<{ created: boolean }> {
  if ((await prisma.unit.count()) > 0) return { created: false };
  const hashes = new Map<string, string>();
  for (const u of DEMO_USERS) hashes.set(u.username, await hashPassword(DEMO_PASSWORD));

  await prisma.$transaction(
    async (tx) => {
      const ids = new Map<string, string>();
      const insert = async (node: DemoUnit, parent: { id: string; path: string; countyId: string | null } | null) => {
        const id = randomUUID();
        const level = levelOfKind(node.kind);
        const path = parent ? childPath(parent.path, id) : `/${id}/`;
        const countyId = level === "COUNTY" ? id : (parent?.countyId ?? null);
        await tx.unit.create({ data: { id, code: node.code, name: node.name, level, kind: node.kind, parentId: parent?.id ?? null, path, countyId } });
        ids.set(node.code, id);
        for (const child of node.children ?? []) await insert(child, { id, path, countyId });
      };
      await insert(DEMO_TREE, null);

      const departmentIds = new Map<string, string>();
      for (const countyCode of ["990121000000", "990122000000"]) {
        const byName = new Map<string, string>();
        for (const [i, d] of DEMO_DEPARTMENTS.entries()) {
          const dept = await tx.department.create({ data: { countyId: ids.get(countyCode)!, name: d.name, duty: d.duty, sortOrder: i + 1 } });
          byName.set(d.name, dept.id);
          if (countyCode === "990121000000") departmentIds.set(d.name, dept.id);
        }
        // Each demo county starts with the default negative list ("十不选").
        await tx.negativeCondition.createMany({
          data: DEFAULT_NEGATIVE_LIST.map((c, i) => ({
            countyId: ids.get(countyCode)!,
            code: c.code,
            text: c.text,
            severity: c.severity,
            lookbackYears: c.lookbackYears,
            departmentId: c.ownerDepartment ? (byName.get(c.ownerDepartment) ?? null) : null,
            basis: c.basis,
            sortOrder: i + 1,
          })),
        });
      }
      for (const u of DEMO_USERS) {
        await tx.user.create({
          data: {
            username: u.username,
            displayName: u.displayName,
            role: u.role,
            passwordHash: hashes.get(u.username)!,
            unitId: ids.get(u.unitCode)!,
            departmentId: u.department ? departmentIds.get(u.department)! : null,
          },
        });
      }
      // An open campaign, so nomination can be tried at once (dates around today).
      const today = todayInChina();
      const campaign = await tx.campaign.create({
        data: {
          countyId: ids.get("990121000000")!,
          name: DEMO_CAMPAIGN,
          startDate: dateOfDay(addDays(today, -30)),
          endDate: dateOfDay(addDays(today, 120)),
          rules: DEFAULT_RULES,
        },
      });
      await seedElectionDay(tx, campaign.id, ids.get(DEMO_ELECTION_DAY.unitCode)!, ids.get("990121000000")!, today);
      await appendAudit(tx, { event: "demo.seeded", actor: null, detail: { units: ids.size, users: DEMO_USERS.length, campaign: DEMO_CAMPAIGN } });
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  return { created: true };
}

/** A valid demo ID number (region 110101, serial from the person's position). */
function demoIdNumber(birthDate: string, gender: "MALE" | "FEMALE", serial: number): string {
  const first17 = `110101${birthDate.replaceAll("-", "")}${String(serial).padStart(2, "0")}${gender === "MALE" ? 1 : 2}`;
  return `${first17}${idCheckChar(first17)}`;
}

type SeedTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** 城东村 on election day: formal list published, polling set up (demo-data DEMO_ELECTION_DAY). */
async function seedElectionDay(tx: SeedTx, campaignId: string, unitId: string, countyId: string, today: string) {
  const d = DEMO_ELECTION_DAY;
  const election = await tx.election.create({
    data: {
      campaignId,
      unitId,
      electionDay: dateOfDay(today),
      method: "CONTESTED",
      seatsDirector: d.seats.DIRECTOR,
      seatsDeputy: d.seats.DEPUTY,
      seatsMember: d.seats.MEMBER,
      seatsWomenMember: d.seats.WOMEN_MEMBER,
      dualRole: "PLANNED",
      registeredVoters: d.registeredVoters,
      listStatus: "FORMAL",
      submittedAt: new Date(),
      formalPublishedAt: new Date(),
    },
  });
  const formal = [];
  for (const [i, c] of d.candidates.entries()) {
    const person = await tx.person.create({
      data: {
        countyId,
        name: c.name,
        gender: c.gender,
        ethnicity: "01",
        birthDate: dateOfDay(c.birthDate),
        idNumber: demoIdNumber(c.birthDate, c.gender, 10 + i),
        education: c.education,
        political: c.political,
        currentPosts: [],
        tags: [],
      },
    });
    const candidate = await tx.candidate.create({
      data: {
        electionId: election.id,
        personId: person.id,
        post: c.post,
        nominationForm: "VOTER_JOINT",
        nominatorCount: 12,
        formalRank: i + 1,
        pledgeCampaign: true,
        pledgeWork: true,
        pledgeResign: true,
        pledgeDiscipline: true,
      },
    });
    formal.push({ id: candidate.id, name: c.name, gender: c.gender, post: c.post });
  }
  const station = await tx.pollingStation.create({ data: { electionId: election.id, name: d.station.name, kind: "CENTRAL", place: d.station.place } });
  const boxIds = new Map<string, string>();
  for (const b of d.boxes) {
    boxIds.set(
      b.kind,
      (await tx.ballotBox.create({ data: { electionId: election.id, stationId: station.id, name: b.name, kind: b.kind, voters: b.voters } })).id,
    );
  }
  for (const [i, s] of d.staff.entries()) {
    await tx.pollingStaff.create({
      data: {
        electionId: election.id,
        name: s.name,
        idNumber: demoIdNumber(s.birthDate, s.gender, 40 + i),
        duty: s.duty,
        boxId: s.mobile ? boxIds.get("MOBILE")! : null,
      },
    });
  }
}
