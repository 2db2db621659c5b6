import "server-only";
// What the election setup page needs: the village, the campaign and any existing setup.
import { dayOf } from "@/lib/domain/days";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { unitScope } from "../scope";
import { getCampaign } from "./campaigns";
import { readCampaignRules } from "@/lib/domain/stored-json";

export async function getSetupView(actor: Actor, campaignId: string, unitId: string) {
  const prisma = await db();
  const campaign = await getCampaign(actor, campaignId);
  if (!campaign) return null;
  const unit = await prisma.unit.findFirst({
    where: { id: unitId, level: "VILLAGE", countyId: campaign.countyId, ...unitScope(actor) },
    select: { id: true, name: true, code: true, kind: true, parent: { select: { name: true } } },
  });
  if (!unit) return null;
  const e = await prisma.election.findUnique({ where: { campaignId_unitId: { campaignId, unitId } } });
  return {
    campaign: { id: campaign.id, name: campaign.name, startDate: campaign.startDate, endDate: campaign.endDate, rules: readCampaignRules(campaign.rules) },
    unit,
    election: e && { ...e, electionDay: dayOf(e.electionDay) },
  };
}
