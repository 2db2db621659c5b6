import "server-only";
// First administrator of a fresh production database (no demo data): the root unit and one
// SYSTEM_ADMIN, created from the command line (scripts/create-admin.ts), audited.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { passwordSchema, passwordUsernameProblem } from "@/lib/domain/password-policy";
import { KINDS_BY_LEVEL, unitCodeProblem } from "@/lib/domain/units";
import { appendAudit } from "./audit";
import { hashPassword } from "./auth/password";
import { withTx } from "./db";
import { ExpectedError } from "./errors";

export const bootstrapInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9_.-]{3,64}$/, "用户名只能包含小写字母、数字、下划线、点和连字符（3-64 位）"),
  displayName: z.string().trim().min(1).max(100).default("系统管理员"),
  password: passwordSchema,
  unitCode: z.string().trim(),
  unitName: z.string().trim().min(1, "请提供 --unit-name").max(100),
  unitKind: z.enum(KINDS_BY_LEVEL.PROVINCE),
});

/** Creates (or reuses) the province unit and adds a system administrator at it. */
export async function bootstrapAdmin(raw: z.input<typeof bootstrapInput>) {
  const input = bootstrapInput.parse(raw);
  const problem = unitCodeProblem(input.unitCode, "PROVINCE", null);
  if (problem) throw new ExpectedError("invalid", problem);
  const nameProblem = passwordUsernameProblem(input.password, input.username);
  if (nameProblem) throw new ExpectedError("invalid", nameProblem);
  const passwordHash = await hashPassword(input.password);
  return withTx(async (tx) => {
    let unit = await tx.unit.findUnique({ where: { code: input.unitCode }, select: { id: true, level: true } });
    if (unit && unit.level !== "PROVINCE") throw new ExpectedError("invalid", `代码 ${input.unitCode} 已被一个非省级单位使用`);
    if (!unit) {
      const id = randomUUID();
      unit = await tx.unit.create({
        data: { id, code: input.unitCode, name: input.unitName, level: "PROVINCE", kind: input.unitKind, path: `/${id}/` },
        select: { id: true, level: true },
      });
      await appendAudit(tx, {
        event: "unit.created",
        actor: null,
        unitId: id,
        objectType: "Unit",
        objectId: id,
        after: { code: input.unitCode, name: input.unitName, via: "cli" },
      });
    }
    if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } })) {
      throw new ExpectedError("conflict", `用户名「${input.username}」已存在`);
    }
    const user = await tx.user.create({
      // The password went through a terminal or an environment variable: replaced at first login.
      data: { username: input.username, displayName: input.displayName, passwordHash, mustChangePassword: true, role: "SYSTEM_ADMIN", unitId: unit.id },
      select: { id: true },
    });
    await appendAudit(tx, {
      event: "user.created",
      actor: null,
      unitId: unit.id,
      objectType: "User",
      objectId: user.id,
      after: { username: input.username, role: "SYSTEM_ADMIN", via: "cli" },
    });
    return { userId: user.id, unitId: unit.id };
  });
}
