import "server-only";
// The signed-in user's own sessions on 我的账号: end one other session, or all the others
// (docs/decisions/002, session cap). Sessions are named by handle, never by id (sessionHandle).
import { z } from "zod";
import { defineAction } from "./action";
import { ENDED_BY_USER_REASON, liveSessionWhere, sessionHandle, type Actor } from "./auth/sessions";
import type { Tx } from "./db";
import { ExpectedError, notFoundError } from "./errors";

// No input names a user or unit: both act on the actor's own sessions, at the actor's own unit.
const ownUnit = (tx: Tx, _input: unknown, actor: Actor) =>
  tx.unit.findFirst({ where: { id: actor.unitId }, select: { id: true, path: true, level: true, countyId: true } });

/** Ends every live session of the actor but the current one. */
export const endOtherSessions = defineAction({
  name: "account.endOtherSessions",
  permission: "account.self",
  input: z.object({}).strip(),
  target: ownUnit,
  async run({ tx, actor, audit }) {
    const now = new Date();
    const res = await tx.session.updateMany({
      where: { ...liveSessionWhere(actor.userId, now), id: { not: actor.sessionId } },
      data: { revokedAt: now, revokedReason: ENDED_BY_USER_REASON },
    });
    await audit({ event: "auth.session.ended_others", objectType: "User", objectId: actor.userId, detail: { sessionsEnded: res.count } });
    return { sessionsEnded: res.count };
  },
});

/** Ends one other live session of the actor, named by its handle from the session list. */
export const endOwnSession = defineAction({
  name: "account.endSession",
  permission: "account.self",
  input: z.object({ handle: z.string().regex(/^[0-9a-f]{24}$/, "会话不存在") }),
  target: ownUnit,
  async run({ tx, actor, input, audit }) {
    const now = new Date();
    // A user holds a handful of sessions at most (SESSION_MAX_PER_USER), so matching the handle here is cheap.
    const live = await tx.session.findMany({ where: liveSessionWhere(actor.userId, now), select: { id: true, createdAt: true } });
    const target = live.find((s) => sessionHandle(s.id) === input.handle);
    if (!target) throw notFoundError();
    if (target.id === actor.sessionId) throw new ExpectedError("invalid", "这是当前会话；要结束它，请退出登录");
    await tx.session.updateMany({ where: { id: target.id, revokedAt: null }, data: { revokedAt: now, revokedReason: ENDED_BY_USER_REASON } });
    await audit({ event: "auth.session.ended", objectType: "Session", detail: { startedAt: target.createdAt.toISOString() } });
    return { ended: 1 };
  },
});
