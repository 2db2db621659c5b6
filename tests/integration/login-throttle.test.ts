// Login throttling by source address and by username, kept in the database (docs/decisions/012):
// growing delays per address whatever the usernames, the spray alert, unknown usernames answered
// like accounts, the trusted proxy header. Every test has its own address and an injected clock.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientAddress, PEER_ADDRESS_HEADER } from "@/lib/server/auth/client-address";
import { attemptLogin } from "@/lib/server/auth/login";
import { hashPassword } from "@/lib/server/auth/password";
import { usernameKey } from "@/lib/server/auth/throttle";
import { auditMark, auditSince } from "../support/db-state";
import { makeTree } from "../support/fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);

const PASSWORD = "Correct-Horse-42";
const realHash = await hashPassword(PASSWORD);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const INVALID = "用户名或密码错误";

let n = 0;
async function makeUser() {
  const username = `clerk${++n}`;
  return prisma.user.create({
    data: { username, displayName: `村干部${n}`, role: "VILLAGE_CLERK", unitId: tree.villageA1a.id, passwordHash: realHash },
  });
}

let a = 0;
/** A fresh documentation-range address per test, so tests do not share failures. */
const newAddress = () => `198.51.100.${++a}`;

const message = (r: Awaited<ReturnType<typeof attemptLogin>>) => (r.ok ? "ok" : r.message);
const at = (t0: Date, ms: number) => new Date(t0.getTime() + ms);

describe("throttling by address", () => {
  it("after 10 failures on 10 different usernames the address must wait, even with the right password, which is not checked", async () => {
    const addr = newAddress();
    const t0 = new Date();
    const user = await makeUser();
    for (let i = 0; i < 10; i++) expect(message(await attemptLogin(`nobody-${addr}-${i}`, "wrong-password-1", at(t0, i * 100), addr))).toBe(INVALID);

    const mark = await auditMark(prisma);
    const refused = await attemptLogin(user.username, PASSWORD, at(t0, 1000), addr);
    expect(refused).toEqual({ ok: false, message: "尝试过于频繁，请 1 秒后再试" });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.detail])).toEqual([
      ["auth.login.refused", { username: user.username, reason: "throttled", address: addr, retryAfterSeconds: 1 }],
    ]);
    // Refused attempts are not counted, and no account was touched.
    expect(await prisma.loginFailure.count({ where: { address: addr } })).toBe(10);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedLogins).toBe(0);

    // Another address is not slowed down by this one.
    expect(await attemptLogin(user.username, PASSWORD, at(t0, 1000), newAddress())).toMatchObject({ ok: true });
    // Once the second has passed the right password works from this address too.
    expect(await attemptLogin(user.username, PASSWORD, at(t0, 1900 + SECOND), addr)).toMatchObject({ ok: true });
  });

  it("68 wrong logins in 25 seconds from one address: only the 10 free ones and a few more are checked", async () => {
    const addr = newAddress();
    const t0 = new Date();
    let t = 0;
    const waits: number[] = [];
    let checked = 0;
    // 68 attempts, one every 25/68 seconds, each with a wrong password on a new username.
    for (let i = 0; i < 68; i++) {
      t = Math.round((i * 25 * SECOND) / 68);
      const r = message(await attemptLogin(`sprayed-${addr}-${i}`, "wrong-password-1", at(t0, t), addr));
      if (r === INVALID) checked++;
      else {
        const m = /^尝试过于频繁，请 (\d+) 秒后再试$/.exec(r);
        expect(m, r).not.toBeNull();
        waits.push(Number(m![1]));
      }
    }
    expect(checked).toBeLessThanOrEqual(15);
    expect(checked).toBeGreaterThanOrEqual(10);
    expect(await prisma.loginFailure.count({ where: { address: addr } })).toBe(checked);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(8);
  });

  it("the wait doubles with each further failure: 1, 2, 4 … seconds, and never more than 15 minutes", async () => {
    const addr = newAddress();
    let clock = Date.now();
    for (let i = 0; i < 10; i++) expect(message(await attemptLogin(`walker-${addr}-${i}`, "wrong-password-1", new Date(clock), addr))).toBe(INVALID);
    const waits: string[] = [];
    for (let i = 10; i < 20; i++) {
      const refused = message(await attemptLogin(`walker-${addr}-${i}`, "wrong-password-1", new Date(clock), addr));
      waits.push(refused);
      const m = /^尝试过于频繁，请 (\d+) (秒|分钟)后再试$/.exec(refused);
      expect(m, refused).not.toBeNull();
      clock += Number(m![1]) * (m![2] === "秒" ? SECOND : MINUTE);
      expect(message(await attemptLogin(`walker-${addr}-${i}`, "wrong-password-1", new Date(clock), addr))).toBe(INVALID);
    }
    expect(waits).toEqual([
      ...[1, 2, 4, 8, 16, 32, 64].map((s) => `尝试过于频繁，请 ${s} 秒后再试`),
      ...[3, 5, 9].map((m) => `尝试过于频繁，请 ${m} 分钟后再试`), // 128, 256 and 512 seconds
    ]);

    // 25 failures inside the window: the wait is capped at 15 minutes.
    const addr2 = newAddress();
    const t0 = new Date();
    for (let i = 0; i < 25; i++) await prisma.loginFailure.create({ data: { address: addr2, usernameHash: usernameKey(`x${i}`), at: at(t0, i) } });
    expect(message(await attemptLogin("anyone", PASSWORD, at(t0, 25), addr2))).toBe("尝试过于频繁，请 15 分钟后再试");
    expect(message(await attemptLogin("anyone", PASSWORD, at(t0, 14 * MINUTE), addr2))).toBe("尝试过于频繁，请 61 秒后再试");
  });

  it("30 parallel wrong logins from one address: 10 are checked, the others wait, even while the first are still being hashed", async () => {
    const addr = newAddress();
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attemptLogin(`burst-${addr}-${i}`, "wrong-password-1", now, addr)));
    const answers = results.map(message);
    expect(answers.filter((m) => m === INVALID)).toHaveLength(10);
    expect(answers.filter((m) => m === "尝试过于频繁，请 1 秒后再试")).toHaveLength(20);
    expect(await prisma.loginFailure.count({ where: { address: addr } })).toBe(10);
  });

  it("behind one shared NAT address, one colleague's typos lock only their own account", async () => {
    const nat = newAddress();
    const t0 = new Date();
    const careless = await makeUser();
    const colleague = await makeUser();
    for (let i = 0; i < 5; i++) await attemptLogin(careless.username, "wrong-password-1", at(t0, i * SECOND), nat);
    expect(message(await attemptLogin(careless.username, PASSWORD, at(t0, 6 * SECOND), nat))).toMatch(/账号已锁定至/);
    expect(await attemptLogin(colleague.username, PASSWORD, at(t0, 6 * SECOND), nat)).toMatchObject({ ok: true });
  });
});

describe("per account", () => {
  it("a success clears the account's failures, which leave the address's count; failures on other usernames stay", async () => {
    const addr = newAddress();
    const t0 = new Date();
    const user = await makeUser();
    for (let i = 0; i < 4; i++) expect(message(await attemptLogin(user.username, "wrong-password-1", at(t0, i * SECOND), addr))).toBe(INVALID);
    for (let i = 0; i < 2; i++) await attemptLogin(`other-${addr}-${i}`, "wrong-password-1", at(t0, (4 + i) * SECOND), addr);
    expect(await prisma.loginFailure.count({ where: { usernameHash: usernameKey(user.username) } })).toBe(4);
    expect(await attemptLogin(user.username, PASSWORD, at(t0, 7 * SECOND), addr)).toMatchObject({ ok: true });
    expect(await prisma.loginFailure.count({ where: { usernameHash: usernameKey(user.username) } })).toBe(0);
    expect(await prisma.loginFailure.count({ where: { address: addr } })).toBe(2);
    // Four more wrong passwords are again just wrong, not a lock.
    for (let i = 0; i < 4; i++) expect(message(await attemptLogin(user.username, "wrong-password-1", at(t0, (8 + i) * SECOND), addr))).toBe(INVALID);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedLogins).toBe(4);
  });

  it("failures are stored by username hash, never the typed username or password", async () => {
    const addr = newAddress();
    await attemptLogin("Secret-Typed-In-Username-1", "wrong-password-1", new Date(), addr);
    const rows = await prisma.loginFailure.findMany({ where: { address: addr } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.usernameHash).toBe(usernameKey("Secret-Typed-In-Username-1"));
    expect(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/Secret-Typed|wrong-password/);
  });
});

describe("an unknown username is answered like an account", () => {
  it("the same answers for 5 wrong passwords, while locked, and after the lock, for a real and an unknown username", async () => {
    const t0 = new Date();
    const user = await makeUser();
    const answers = async (username: string, addr: string, password: string) => {
      const out: string[] = [];
      for (let i = 0; i < 5; i++) out.push(message(await attemptLogin(username, "wrong-password-1", at(t0, i * SECOND), addr)));
      out.push(message(await attemptLogin(username, password, at(t0, 5 * MINUTE), addr)));
      out.push(message(await attemptLogin(username, "wrong-password-1", at(t0, 16 * MINUTE), addr)));
      return out;
    };
    const real = await answers(user.username, newAddress(), PASSWORD);
    const unknown = await answers(`ghost-${t0.getTime()}`, newAddress(), PASSWORD);
    expect(real.slice(0, 4)).toEqual(Array(4).fill(INVALID));
    expect(real[4]).toMatch(/^密码连续错误 5 次，账号已锁定 15 分钟（至 \d\d:\d\d）$/);
    expect(real[5]).toMatch(/^密码连续错误次数过多，账号已锁定至 \d\d:\d\d，请稍后再试$/);
    expect(real[6]).toBe(INVALID);
    expect(unknown).toEqual(real);
  });

  it("the lock of an unknown username is audited as a refusal, without an account", async () => {
    const addr = newAddress();
    const t0 = new Date();
    const ghost = `ghost2-${t0.getTime()}`;
    for (let i = 0; i < 5; i++) await attemptLogin(ghost, "wrong-password-1", at(t0, i * SECOND), addr);
    const mark = await auditMark(prisma);
    await attemptLogin(ghost, "wrong-password-1", at(t0, MINUTE), addr);
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.actorUserId, e.detail])).toEqual([
      ["auth.login.refused", null, { username: ghost, reason: "locked_unknown_user", address: addr }],
    ]);
    // Refusals while locked are not counted: still 5.
    expect(await prisma.loginFailure.count({ where: { usernameHash: usernameKey(ghost) } })).toBe(5);
  });
});

describe("password spray alert", () => {
  it("auth.spray_suspected once when an address fails on 5 distinct usernames within 10 minutes, again in a later window", async () => {
    const addr = newAddress();
    const t0 = new Date();
    const user = await makeUser();
    const mark = await auditMark(prisma);
    // The same username 3 times counts once.
    for (let i = 0; i < 3; i++) await attemptLogin(user.username, "wrong-password-1", at(t0, i * SECOND), addr);
    for (let i = 0; i < 3; i++) await attemptLogin(`spray-${addr}-${i}`, "wrong-password-1", at(t0, (3 + i) * SECOND), addr);
    let spray = (await auditSince(prisma, mark)).filter((e) => e.event === "auth.spray_suspected");
    expect(spray).toHaveLength(0);

    await attemptLogin(`spray-${addr}-3`, "wrong-password-1", at(t0, 6 * SECOND), addr); // the 5th distinct
    spray = (await auditSince(prisma, mark)).filter((e) => e.event === "auth.spray_suspected");
    expect(spray.map((e) => [e.outcome, e.actorUserId, e.detail])).toEqual([["FAILURE", null, { address: addr, distinctUsernames: 5, windowMinutes: 10 }]]);

    // More distinct usernames in the same window: no second alert.
    for (let i = 4; i < 7; i++) await attemptLogin(`spray-${addr}-${i}`, "wrong-password-1", at(t0, (3 + i) * SECOND), addr);
    expect((await auditSince(prisma, mark)).filter((e) => e.event === "auth.spray_suspected")).toHaveLength(1);

    // 16 minutes later both windows are over; 5 new usernames raise a new alert.
    const mark2 = await auditMark(prisma);
    for (let i = 0; i < 5; i++) await attemptLogin(`spray2-${addr}-${i}`, "wrong-password-1", at(t0, 16 * MINUTE + i * SECOND), addr);
    expect((await auditSince(prisma, mark2)).filter((e) => e.event === "auth.spray_suspected")).toHaveLength(1);
  });

  it("many failures on few usernames are no spray: it is distinct usernames that count", async () => {
    const addr = newAddress();
    const t0 = new Date();
    const mark = await auditMark(prisma);
    for (let i = 0; i < 8; i++) await attemptLogin(`pair-${addr}-${i % 2}`, "wrong-password-1", at(t0, i * SECOND), addr);
    expect(await prisma.loginFailure.count({ where: { address: addr } })).toBe(8);
    expect((await auditSince(prisma, mark)).filter((e) => e.event === "auth.spray_suspected")).toHaveLength(0);
  });
});

describe("client address", () => {
  const forged = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7", [PEER_ADDRESS_HEADER]: "10.0.0.9" };

  it("without TRUSTED_PROXY_HEADER no header a client sends is believed: the socket address is used", () => {
    expect(clientAddress(forged, undefined)).toBe("10.0.0.9");
    expect(clientAddress(new Headers(forged), undefined)).toBe("10.0.0.9");
    expect(clientAddress({}, undefined)).toBe("unknown");
    expect(clientAddress(undefined, undefined)).toBe("unknown");
  });

  it("with TRUSTED_PROXY_HEADER only that header is read, its last entry being the proxy's", () => {
    expect(clientAddress({ ...forged, "x-forwarded-for": "6.6.6.6, 10.20.30.40" }, "x-forwarded-for")).toBe("10.20.30.40");
    expect(clientAddress(forged, "x-real-ip")).toBe("7.7.7.7");
    // The configured header missing (a request that did not come through the proxy): the socket address.
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: "10.0.0.9", "x-forwarded-for": "6.6.6.6" }, "x-real-ip")).toBe("10.0.0.9");
  });

  it("scripts/peer-address.cjs writes the socket address into every request, replacing a forged one", async () => {
    const server = spawn(
      process.execPath,
      [
        "--require",
        path.resolve("scripts/peer-address.cjs"),
        "-e",
        `const s = require("node:http").createServer((q, r) => r.end(JSON.stringify(q.headers)));
         s.listen(0, "127.0.0.1", () => console.log(s.address().port));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const port = await new Promise<string>((resolve) => server.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())));
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } });
      const headers = (await res.json()) as Record<string, string>;
      expect(headers[PEER_ADDRESS_HEADER]).toBe("127.0.0.1");
      expect(clientAddress(headers, undefined)).toBe("127.0.0.1");
      expect(clientAddress(headers, "x-forwarded-for")).toBe("6.6.6.6");
    } finally {
      server.kill();
    }
  });
});
