import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, entryHash, GENESIS_HASH, verifyChain, type ChainEntry, type HashAlgo } from "./audit-chain";

type Content = Omit<ChainEntry, "id" | "hash" | "prevHash" | "hashAlgo">;

function content(i: number): Content {
  return {
    occurredAt: new Date(Date.UTC(2026, 2, 1, 8, 0, i)),
    event: i === 1 ? "auth.login.succeeded" : "unit.updated",
    outcome: "SUCCESS",
    actorUserId: "u-1",
    actorUsername: "admin",
    actorRole: "COUNTY_ADMIN",
    unitId: `unit-${i}`,
    objectType: i === 1 ? null : "Unit",
    objectId: i === 1 ? null : `unit-${i}`,
    before: i === 1 ? null : { name: `旧名称${i}`, code: "130102001001" },
    after: i === 1 ? null : { name: `新名称${i}`, code: "130102001001", tags: [i, { b: 2, a: 1 }] },
    detail: { seq: i },
  };
}

/** Builds a valid chain of n entries with ids 1..n, the way appendAudit does. */
function buildChain(algo: HashAlgo, n = 5): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const c = content(i);
    const hash = entryHash(algo, prevHash, c);
    entries.push({ id: BigInt(i), ...c, hashAlgo: algo, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe.each<HashAlgo>(["sha256", "sm3"])("verifyChain with %s", (algo) => {
  it("accepts an intact chain and reports the last hash as head", () => {
    const chain = buildChain(algo);
    for (const e of chain) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(chain.map((e) => e.hash)).size).toBe(5);
    expect(verifyChain(chain)).toEqual({ checked: 5, head: chain[4]!.hash, broken: null });
  });

  it("accepts an empty chain with the genesis hash as head", () => {
    expect(verifyChain([])).toEqual({ checked: 0, head: GENESIS_HASH, broken: null });
  });

  it("names an edited entry with reason content", () => {
    const chain = buildChain(algo);
    chain[2] = { ...chain[2]!, outcome: "FAILURE" };
    expect(verifyChain(chain)).toEqual({ checked: 2, head: chain[1]!.hash, broken: { id: "3", reason: "content" } });
  });

  it("detects edits deep inside the JSON fields", () => {
    const chain = buildChain(algo);
    chain[2] = { ...chain[2]!, after: { ...(chain[2]!.after as object), tags: [3, { b: 2, a: 9 }] } };
    expect(verifyChain(chain).broken).toEqual({ id: "3", reason: "content" });
  });

  it("detects a changed timestamp, even by one millisecond", () => {
    const chain = buildChain(algo);
    chain[2] = { ...chain[2]!, occurredAt: new Date(chain[2]!.occurredAt.getTime() + 1) };
    expect(verifyChain(chain).broken).toEqual({ id: "3", reason: "content" });
  });

  it("names the entry after a deleted one with reason link", () => {
    const chain = buildChain(algo);
    chain.splice(2, 1);
    expect(verifyChain(chain)).toEqual({ checked: 2, head: chain[1]!.hash, broken: { id: "4", reason: "link" } });
  });

  it("detects an edited entry whose hash was recomputed, at the next link", () => {
    const chain = buildChain(algo);
    const edited = { ...content(3), outcome: "FAILURE" };
    chain[2] = { ...chain[2]!, ...edited, hash: entryHash(algo, chain[2]!.prevHash, edited) };
    expect(verifyChain(chain)).toEqual({ checked: 3, head: chain[2]!.hash, broken: { id: "4", reason: "link" } });
  });

  it("detects reordered entries", () => {
    const chain = buildChain(algo);
    [chain[2], chain[3]] = [chain[3]!, chain[2]!];
    expect(verifyChain(chain).broken).toEqual({ id: "4", reason: "link" });
  });

  it("cannot notice the newest entry being deleted (documented limit)", () => {
    const chain = buildChain(algo);
    chain.pop();
    expect(verifyChain(chain)).toEqual({ checked: 4, head: chain[3]!.hash, broken: null });
  });

  it("refuses an unknown algorithm label with reason algo", () => {
    const chain = buildChain(algo);
    chain[2] = { ...chain[2]!, hashAlgo: "md5" };
    expect(verifyChain(chain)).toEqual({ checked: 2, head: chain[1]!.hash, broken: { id: "3", reason: "algo" } });
  });

  it("treats a swapped known algorithm label as a content change", () => {
    const chain = buildChain(algo);
    chain[2] = { ...chain[2]!, hashAlgo: algo === "sha256" ? "sm3" : "sha256" };
    expect(verifyChain(chain).broken).toEqual({ id: "3", reason: "content" });
  });

  it("verifies a later page when given the previous page's head", () => {
    const chain = buildChain(algo);
    const firstPage = verifyChain(chain.slice(0, 2));
    expect(verifyChain(chain.slice(2), firstPage.head)).toEqual({ checked: 3, head: chain[4]!.hash, broken: null });
    // Without the start hash the page does not link to genesis.
    expect(verifyChain(chain.slice(2)).broken).toEqual({ id: "3", reason: "link" });
  });
});

describe("entryHash", () => {
  const c = content(2);

  it("hashes `algo\\nprevHash\\ncanonical content` (pinned format: changing it breaks stored chains)", () => {
    const canonical =
      '{"actorRole":"COUNTY_ADMIN","actorUserId":"u-1","actorUsername":"admin",' +
      '"after":{"code":"130102001001","name":"新名称2","tags":[2,{"a":1,"b":2}]},' +
      '"before":{"code":"130102001001","name":"旧名称2"},' +
      '"detail":{"seq":2},"event":"unit.updated","objectId":"unit-2","objectType":"Unit",' +
      '"occurredAt":"2026-03-01T08:00:02.000Z","outcome":"SUCCESS","unitId":"unit-2"}';
    for (const algo of ["sha256", "sm3"] as const) {
      const expected = createHash(algo).update(`${algo}\n${GENESIS_HASH}\n${canonical}`).digest("hex");
      expect(entryHash(algo, GENESIS_HASH, c)).toBe(expected);
    }
  });

  it("differs between sha256 and sm3 and between previous hashes", () => {
    expect(entryHash("sha256", GENESIS_HASH, c)).not.toBe(entryHash("sm3", GENESIS_HASH, c));
    expect(entryHash("sha256", GENESIS_HASH, c)).not.toBe(entryHash("sha256", "1".repeat(64), c));
  });

  it("treats missing before/after/detail as null", () => {
    const withNulls = { ...c, before: null, after: null, detail: null };
    const withUndefined = { ...c, before: undefined, after: undefined, detail: undefined };
    expect(entryHash("sha256", GENESIS_HASH, withUndefined)).toBe(entryHash("sha256", GENESIS_HASH, withNulls));
  });

  it("uses a real SM3 (GB/T 32905 test vector)", () => {
    expect(createHash("sm3").update("abc").digest("hex")).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  });
});

describe("canonicalJson", () => {
  it("sorts object keys, so key order does not matter", () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ a: 2, b: 1 })).toBe('{"a":2,"b":1}');
    expect(canonicalJson({ z: { y: 1, x: 2 }, a: [] })).toBe(canonicalJson({ a: [], z: { x: 2, y: 1 } }));
    expect(canonicalJson({ z: { y: 1, x: 2 }, a: [] })).toBe('{"a":[],"z":{"x":2,"y":1}}');
  });

  it("keeps array order and recurses into nested arrays", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
    expect(canonicalJson([[1, [2, { b: 1, a: null }]], []])).toBe('[[1,[2,{"a":null,"b":1}]],[]]');
  });

  it("writes dates as ISO strings", () => {
    expect(canonicalJson(new Date("2026-01-02T03:04:05.006Z"))).toBe('"2026-01-02T03:04:05.006Z"');
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2)) })).toBe('{"at":"2026-01-02T00:00:00.000Z"}');
  });

  it("writes bigints as decimal strings without losing precision", () => {
    expect(canonicalJson(12345678901234567890n)).toBe('"12345678901234567890"');
    expect(canonicalJson({ id: 7n })).toBe('{"id":"7"}');
  });

  it("writes null and undefined as null", () => {
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson([null, undefined])).toBe("[null,null]");
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
  });

  it("writes scalars as JSON, escaping strings", () => {
    expect(canonicalJson(0)).toBe("0");
    expect(canonicalJson(-1.5)).toBe("-1.5");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(false)).toBe("false");
    expect(canonicalJson('村"委\n会')).toBe('"村\\"委\\n会"');
    expect(canonicalJson({ 'k"ey': 1 })).toBe('{"k\\"ey":1}');
  });

  it("gives the same text as JSON.stringify for plain sorted JSON", () => {
    const value = { a: [1, "x", { b: true, c: null }], d: { e: -2.5 } };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
  });
});
