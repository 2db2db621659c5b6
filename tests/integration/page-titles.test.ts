// Page titles name the object a page is about, and only when the viewer may see it.
import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/server/auth/sessions";
import { pageTitle, titleFromParam } from "@/lib/server/page-titles";
import { makeActor, makeTree } from "../support/fixtures";
import { makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth/actor", async (orig) => ({ ...(await orig<object>()), getActor: async () => session.actor }));

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1);
const campaign = await makeCampaign(prisma, tree.countyA.id);
const own = await makeElection(prisma, campaign.id, tree.villageA1a.id);
const other = await makeElection(prisma, campaign.id, tree.villageA2a.id);

describe("page titles", () => {
  it("names an election's village for a viewer who may see it", async () => {
    session.actor = officer;
    const generateMetadata = titleFromParam("候选人名单", "id");
    expect(await generateMetadata({ params: Promise.resolve({ id: own.id }) })).toEqual({ title: "候选人名单 · 甲一村" });
    expect(await pageTitle("候选人名单", campaign.id)).toBe(`候选人名单 · ${campaign.name}`);
    // A campaign's name already says 换届选举: its page is titled by the name alone.
    expect(await titleFromParam("换届选举", "id", { nameOnly: true })({ params: Promise.resolve({ id: campaign.id }) })).toEqual({ title: campaign.name });
    expect(await pageTitle("换届选举", other.id, { nameOnly: true })).toBe("换届选举");
  });

  it("keeps a foreign object's name (and any id) out of the title", async () => {
    session.actor = officer;
    expect(await pageTitle("候选人名单", other.id)).toBe("候选人名单");
    expect(await pageTitle("候选人名单", "not-a-uuid")).toBe("候选人名单");
    session.actor = null;
    expect(await pageTitle("候选人名单", own.id)).toBe("候选人名单");
  });
});
