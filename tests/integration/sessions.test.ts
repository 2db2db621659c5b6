// The session cap (SESSION_MAX_PER_USER, default 3) and one's own session list on 我的账号: a 4th login ends
// the oldest session, audited, and that browser's login page says why; ending the other sessions keeps
// this one (docs/decisions/002-auth-and-sessions.md).
import { describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";

const jar = vi.hoisted(() => {
  vi.stubEnv("AUTH_SECRET", "sessions-test-secret-0123456789abcdefghij");
  return { value: undefined as string | undefined };
});
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (jar.value ? { name, value: jar.value } : undefined) }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`NEXT_REDIRECT ${url}`);
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

import LoginPage from "@/app/login/page";
import { executeAction } from "@/lib/server/action";
import { attemptLogin } from "@/lib/server/auth/login";
import { hashPassword } from "@/lib/server/auth/password";
import { authSecret } from "@/lib/server/auth/secret";
import { actorForSession, listOwnSessions, sessionHandle, type Actor } from "@/lib/server/auth/sessions";
import { endOtherSessions, endOwnSession } from "@/lib/server/own-sessions";
import { auditMark, auditSince } from "../support/db-state";
import { makeTree } from "../support/fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);

const PASSWORD = "Huilong-Shan-2026";
const realHash = await hashPassword(PASSWORD);
const MINUTE = 60_000;
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let n = 0;
async function makeUser() {
  const username = `huilong.wang${++n}`;
  return prisma.user.create({ data: { username, displayName: `王回龙${n}`, role: "VILLAGE_CLERK", unitId: tree.villageA1a.id, passwordHash: realHash } });
}

async function login(username: string, at: Date, address = "10.0.0.1", ua = CHROME): Promise<{ sessionId: string; actor: Actor }> {
  const res = await attemptLogin(username, PASSWORD, at, address, ua);
  if (!res.ok) throw new Error(res.message);
  return { sessionId: res.sessionId, actor: (await actorForSession(res.sessionId, at))! };
}

/** This test's browser carries the cookie next-auth writes for a session id. */
async function useCookie(sessionId: string | undefined) {
  jar.value = sessionId ? await encode({ token: { sid: sessionId }, secret: authSecret() }) : undefined;
}

function findTestId(node: unknown, id: string): { props: { children?: unknown } } | null {
  if (!node || typeof node !== "object") return null;
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findTestId(child, id);
      if (found) return found;
    }
    return null;
  }
  const props = (node as { props?: Record<string, unknown> }).props;
  if (!props) return null;
  if (props["data-testid"] === id) return node as { props: { children?: unknown } };
  return findTestId(props.children, id);
}

describe("at most SESSION_MAX_PER_USER (3) live sessions per user", () => {
  it("a 4th login ends the oldest, audits auth.session.capped, and the ended session yields no actor", async () => {
    const user = await makeUser();
    const t0 = new Date();
    const at = (m: number) => new Date(t0.getTime() + m * MINUTE);
    const first = await login(user.username, at(0), "10.0.0.1");
    const second = await login(user.username, at(1), "10.0.0.2");
    const third = await login(user.username, at(2), "10.0.0.3");
    // Three is the limit, not beyond it: all three are live.
    for (const s of [first, second, third]) expect(await actorForSession(s.sessionId, at(3))).toMatchObject({ userId: user.id });

    const mark = await auditMark(prisma);
    const fourth = await login(user.username, at(3), "10.0.0.4");
    expect(await actorForSession(first.sessionId, at(3))).toBeNull();
    for (const s of [second, third, fourth]) expect(await actorForSession(s.sessionId, at(3))).toMatchObject({ userId: user.id });
    expect(await prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } })).toMatchObject({ revokedReason: "session_cap" });
    expect(await prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(3);

    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.outcome, e.actorUserId])).toEqual([
      ["auth.login.succeeded", "SUCCESS", user.id],
      ["auth.session.capped", "SUCCESS", user.id],
    ]);
    expect(events[1]!.detail).toEqual({ max: 3, sessionsEnded: 1, endedStartedAt: [at(0).toISOString()], address: "10.0.0.4" });
  });

  it("sessions already over (idle, logged out) do not count: a 4th login then ends nothing", async () => {
    const user = await makeUser();
    const t0 = new Date();
    const at = (m: number) => new Date(t0.getTime() + m * MINUTE);
    const idle = await login(user.username, at(0));
    await login(user.username, at(40)); // 40 minutes later the first one is idle (30 minutes)
    await login(user.username, at(41));
    const mark = await auditMark(prisma);
    await login(user.username, at(42));
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["auth.login.succeeded"]);
    expect(await prisma.session.findUniqueOrThrow({ where: { id: idle.sessionId } })).toMatchObject({ revokedReason: null });
  });

  it("the browser whose session the cap ended is told so on the login page; a browser without a cookie is not", async () => {
    const user = await makeUser();
    const sessions = [];
    for (let i = 0; i < 4; i++) sessions.push(await login(user.username, new Date()));
    await useCookie(sessions[0]!.sessionId);
    const notice = findTestId(await LoginPage(), "session-ended-notice");
    expect(notice?.props.children).toBe("您的账号在其他地方登录，此前的一个会话已结束（同时在线不超过 3 个）。如果不是您本人登录，请登录后立即修改密码。");

    await useCookie(undefined);
    expect(findTestId(await LoginPage(), "session-ended-notice")).toBeNull();
    // A live session is sent on to the home page instead.
    await useCookie(sessions[3]!.sessionId);
    await expect(LoginPage()).rejects.toThrow("NEXT_REDIRECT /home");
    await useCookie(undefined);
  });
});

describe("one's own sessions on 我的账号", () => {
  it("lists the live sessions with address and browser, the current one first and marked, and never their ids", async () => {
    const user = await makeUser();
    const old = await login(
      user.username,
      new Date(Date.now() - 2 * MINUTE),
      "192.0.2.7",
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    );
    const here = await login(user.username, new Date(), "192.0.2.8");
    const list = await listOwnSessions(here.actor);
    expect(list.map((s) => [s.current, s.address, s.handle])).toEqual([
      [true, "192.0.2.8", sessionHandle(here.sessionId)],
      [false, "192.0.2.7", sessionHandle(old.sessionId)],
    ]);
    expect(list[1]!.userAgent).toContain("Firefox/133.0");
    expect(JSON.stringify(list)).not.toContain(old.sessionId);
    expect(JSON.stringify(list)).not.toContain(here.sessionId);
  });

  it("account.endOtherSessions ends every other session, keeps the current one, and audits the count", async () => {
    const user = await makeUser();
    const a = await login(user.username, new Date());
    const b = await login(user.username, new Date());
    const here = await login(user.username, new Date());
    const mark = await auditMark(prisma);
    expect(await executeAction(endOtherSessions, here.actor, {})).toEqual({ ok: true, data: { sessionsEnded: 2 } });
    expect(await actorForSession(here.sessionId)).toMatchObject({ userId: user.id });
    expect(await actorForSession(a.sessionId)).toBeNull();
    expect(await actorForSession(b.sessionId)).toBeNull();
    expect((await listOwnSessions(here.actor)).map((s) => s.current)).toEqual([true]);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.outcome, e.actorUserId, e.objectId, e.detail])).toEqual([
      ["auth.session.ended_others", "SUCCESS", user.id, user.id, { sessionsEnded: 2 }],
    ]);
    // The ended browser's login page says it was ended from the user's other login.
    await useCookie(a.sessionId);
    expect(findTestId(await LoginPage(), "session-ended-notice")?.props.children).toBe("此浏览器上的会话已在您的其他登录中被结束，请重新登录。");
    await useCookie(undefined);
  });

  it("account.endSession ends one other session by its handle, refuses the current one and anyone else's", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const theirs = await login(other.username, new Date());
    const a = await login(user.username, new Date());
    const b = await login(user.username, new Date());
    const here = await login(user.username, new Date());

    expect(await executeAction(endOwnSession, here.actor, { handle: sessionHandle(here.sessionId) })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "这是当前会话；要结束它，请退出登录",
    });
    expect(await executeAction(endOwnSession, here.actor, { handle: sessionHandle(theirs.sessionId) })).toMatchObject({ ok: false, code: "not_found" });
    expect(await actorForSession(theirs.sessionId)).toMatchObject({ userId: other.id });

    const mark = await auditMark(prisma);
    expect(await executeAction(endOwnSession, here.actor, { handle: sessionHandle(a.sessionId) })).toEqual({ ok: true, data: { ended: 1 } });
    expect(await actorForSession(a.sessionId)).toBeNull();
    expect(await actorForSession(b.sessionId)).toMatchObject({ userId: user.id });
    expect(await actorForSession(here.sessionId)).toMatchObject({ userId: user.id });
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.actorUserId, e.objectType])).toEqual([["auth.session.ended", user.id, "Session"]]);
    // Ended already: not found the second time.
    expect(await executeAction(endOwnSession, here.actor, { handle: sessionHandle(a.sessionId) })).toMatchObject({ ok: false, code: "not_found" });
  });
});
