import "server-only";
// Rule packs: national defaults in code, overridden by the province's pack and then the county's.
import { z } from "zod";
import { DEFAULT_RULES, mergeRules, ruleOverridesSchema, type RuleValues } from "@/lib/domain/rule-pack";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import { findUnitInScope } from "../scope";
import { readRuleOverrides } from "@/lib/domain/stored-json";

type Reader = Pick<Tx, "unit" | "rulePack">;

/** The province and county packs that apply to a county, in the order they are applied. */
async function packsFor(tx: Reader, countyId: string) {
  const county = await tx.unit.findUniqueOrThrow({ where: { id: countyId }, select: { id: true, path: true } });
  const ancestorIds = county.path.split("/").filter(Boolean);
  const province = await tx.unit.findFirst({ where: { id: { in: ancestorIds }, level: "PROVINCE" }, select: { id: true, name: true } });
  const packs = await tx.rulePack.findMany({ where: { unitId: { in: [province?.id, county.id].filter((x): x is string => !!x) } } });
  const byUnit = new Map(packs.map((p) => [p.unitId, p]));
  return { province, provincePack: province ? byUnit.get(province.id) : undefined, countyPack: byUnit.get(county.id) };
}

async function inheritedForCounty(tx: Reader, countyId: string): Promise<RuleValues> {
  const { provincePack } = await packsFor(tx, countyId);
  return mergeRules(DEFAULT_RULES, provincePack?.overrides ?? {});
}

export async function effectiveRules(tx: Reader, countyId: string): Promise<RuleValues> {
  const { provincePack, countyPack } = await packsFor(tx, countyId);
  return mergeRules(DEFAULT_RULES, provincePack?.overrides ?? {}, countyPack?.overrides ?? {});
}

/** What the rules page shows for a province or county: defaults, the inherited values, own overrides. */
export async function getRulesView(actor: Actor) {
  const prisma = await db();
  const own = await prisma.rulePack.findUnique({ where: { unitId: actor.unitId } });
  let inherited: RuleValues = DEFAULT_RULES;
  let inheritedFrom: string | null = null;
  if (actor.unitLevel === "COUNTY") {
    const { province, provincePack } = await packsFor(prisma, actor.unitId);
    inherited = await inheritedForCounty(prisma, actor.unitId);
    inheritedFrom = provincePack && province ? province.name : null;
  }
  const overrides = readRuleOverrides(own?.overrides);
  return { inherited, inheritedFrom, overrides, effective: mergeRules(inherited, overrides), version: own?.version ?? 0 };
}

export const saveRulePack = defineAction({
  name: "rules.save",
  permission: "rules.manage",
  secondFactor: true,
  input: z.object({ unitId: z.uuid(), version: z.coerce.number().int().min(0), overrides: z.unknown() }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.unitId),
  async run({ tx, input, unit, audit }) {
    if (unit.level !== "PROVINCE" && unit.level !== "COUNTY") throw new ExpectedError("invalid", "只有省级和县级单位可以设定规则包");
    const parsed = ruleOverridesSchema.safeParse(input.overrides);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const i of parsed.error.issues) fieldErrors[i.path.join(".")] ??= i.message;
      throw new ExpectedError("invalid", Object.values(fieldErrors)[0] ?? "规则取值有误", fieldErrors);
    }
    // The result must be consistent with what the unit inherits (e.g. a max not below the province's min).
    const inherited = unit.level === "COUNTY" ? await inheritedForCounty(tx, unit.id) : DEFAULT_RULES;
    try {
      mergeRules(inherited, parsed.data);
    } catch (e) {
      throw new ExpectedError("invalid", (e as Error).message);
    }
    const existing = await tx.rulePack.findUnique({ where: { unitId: unit.id } });
    if ((existing?.version ?? 0) !== input.version) throw staleError();
    const overrides = parsed.data as object;
    if (existing) await tx.rulePack.update({ where: { unitId: unit.id }, data: { overrides, version: { increment: 1 } } });
    else await tx.rulePack.create({ data: { unitId: unit.id, overrides } });
    await audit({ event: "rules.saved", objectType: "RulePack", objectId: unit.id, before: { overrides: existing?.overrides ?? {} }, after: { overrides } });
    return { unitId: unit.id };
  },
});
