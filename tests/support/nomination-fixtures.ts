// Builders for nomination tests: valid ID numbers, candidate form inputs, and campaigns, elections and
// candidate lists written straight to the database (fast; the actions themselves are tested elsewhere).
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { idCheckChar } from "@/lib/domain/id-number";
import type { Gender, Post } from "@/lib/domain/people";
import { DEFAULT_RULES, type RuleValues } from "@/lib/domain/rule-pack";
import type { PrismaClient } from "@/lib/generated/prisma/client";

let personSeq = 0;

/** A valid 18-digit ID number for a birth date and gender (Beijing 东城区 region code, correct check character). */
export function idNumberOf(birthDate: string, gender: Gender, serial = 1): string {
  const seq = `${String(serial % 100).padStart(2, "0")}${gender === "MALE" ? 1 : 2}`;
  const first17 = `110101${birthDate.replaceAll("-", "")}${seq}`;
  return `${first17}${idCheckChar(first17)}`;
}

/** A fresh adult (born 1965 or later, one day apart per call) with a unique ID number. */
export function freshPerson(gender: Gender = "MALE") {
  const n = ++personSeq;
  const birthDate = addDays("1965-01-01", n * 3);
  return { birthDate, gender, idNumber: idNumberOf(birthDate, gender, n) };
}

/** A day far enough ahead that no timing rule complains (voter list posting is 20 days by default). */
export const electionDayAhead = (days = 40) => addDays(todayInChina(), days);

/** A number in Chinese digits (一二三…), for generated names: a person's name may not contain 0-9. */
export const hanDigits = (n: number | string) => String(n).replace(/\d/g, (d) => "〇一二三四五六七八九"[Number(d)]!);

/** Everything candidate.save needs besides electionId; all four pledges signed. */
export function candidateInput(over: Partial<Record<string, unknown>> & { gender?: Gender; post?: Post } = {}) {
  const person = freshPerson(over.gender ?? "MALE");
  return {
    name: `候选人${hanDigits(personSeq)}`,
    gender: person.gender,
    ethnicity: "01",
    birthDate: person.birthDate,
    idNumber: person.idNumber,
    education: "60",
    political: "MASSES",
    phone: "",
    currentPosts: [],
    tags: [],
    dissatisfactionPercent: "",
    post: "MEMBER" as Post,
    nominationForm: "SELF",
    nominatorCount: "",
    nominationVotes: "",
    pledgeCampaign: true,
    pledgeWork: true,
    pledgeResign: true,
    pledgeDiscipline: true,
    ...over,
  };
}

let campaignSeq = 0;

export async function makeCampaign(prisma: PrismaClient, countyId: string, rules: RuleValues = DEFAULT_RULES) {
  const n = ++campaignSeq;
  return prisma.campaign.create({
    data: { countyId, name: `第${n}届换届选举`, startDate: dateOfDay(todayInChina()), endDate: dateOfDay(addDays(todayInChina(), 120)), rules },
  });
}

/** Seats: director 1, deputy 0, members 2 (a village committee of 3). */
export async function makeElection(
  prisma: PrismaClient,
  campaignId: string,
  unitId: string,
  opts: { listStatus?: "DRAFT" | "SUBMITTED" | "RETURNED"; electionDay?: string } = {},
) {
  return prisma.election.create({
    data: {
      campaignId,
      unitId,
      electionDay: dateOfDay(opts.electionDay ?? electionDayAhead()),
      method: "CONTESTED",
      seatsDirector: 1,
      seatsDeputy: 0,
      seatsMember: 2,
      seatsWomenMember: 0,
      dualRole: "PLANNED",
      registeredVoters: 800,
      listStatus: opts.listStatus ?? "DRAFT",
      submittedAt: opts.listStatus === "SUBMITTED" ? new Date() : null,
    },
  });
}

/** One candidate (and their Person in the county) on an election's list, pledges signed. */
export async function addCandidate(prisma: PrismaClient, electionId: string, countyId: string, post: Post, gender: Gender = "MALE", name?: string) {
  const p = freshPerson(gender);
  const person = await prisma.person.create({
    data: {
      countyId,
      name: name ?? `名单人${hanDigits(personSeq)}`,
      gender,
      ethnicity: "01",
      birthDate: dateOfDay(p.birthDate),
      idNumber: p.idNumber,
      education: "60",
      political: "MASSES",
      currentPosts: [],
      tags: [],
    },
  });
  const candidate = await prisma.candidate.create({
    data: { electionId, personId: person.id, post, nominationForm: "SELF", pledgeCampaign: true, pledgeWork: true, pledgeResign: true, pledgeDiscipline: true },
  });
  return { person, candidate };
}

/**
 * A list with no error for makeElection's seats: 2 director candidates for 1 seat (差额 1), 3 member
 * candidates for 2 seats, one of them a woman.
 */
export async function addValidList(prisma: PrismaClient, electionId: string, countyId: string) {
  return [
    await addCandidate(prisma, electionId, countyId, "DIRECTOR"),
    await addCandidate(prisma, electionId, countyId, "DIRECTOR"),
    await addCandidate(prisma, electionId, countyId, "MEMBER", "FEMALE"),
    await addCandidate(prisma, electionId, countyId, "MEMBER"),
    await addCandidate(prisma, electionId, countyId, "MEMBER"),
  ];
}
