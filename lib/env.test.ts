import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// env() parses once and caches, so every case imports a fresh copy of the module.
const VARS = [
  "DATABASE_URL",
  "PGLITE_DATA_DIR",
  "AUTH_SECRET",
  "APP_URL",
  "PORT",
  "SEED_DEMO",
  "AUDIT_HASH",
  "SESSION_IDLE_MINUTES",
  "SESSION_MAX_PER_USER",
] as const;
type Vars = Partial<Record<(typeof VARS)[number], string>>;
const SECRET = "s".repeat(32);

async function freshEnv(vars: Vars = {}) {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("./env");
}

beforeEach(() => {
  for (const name of VARS) vi.stubEnv(name, undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("env() in embedded mode", () => {
  it("works with no variables and fills in the defaults", async () => {
    const { env, isEmbedded } = await freshEnv();
    expect(env()).toEqual({
      NODE_ENV: "test",
      PGLITE_DATA_DIR: "data/pglite",
      APP_URL: "http://localhost:3000",
      PORT: 3000,
      SEED_DEMO: false,
      AUDIT_HASH: "sha256",
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_PER_USER: 3,
      SECOND_FACTOR_ROLES: [],
    });
    expect(env().DATABASE_URL).toBeUndefined();
    expect(env().AUTH_SECRET).toBeUndefined();
    expect(isEmbedded()).toBe(true);
  });

  it("reads the values it is given", async () => {
    const { env } = await freshEnv({
      PGLITE_DATA_DIR: "/srv/db",
      AUDIT_HASH: "sm3",
      SESSION_IDLE_MINUTES: "45",
      SESSION_MAX_PER_USER: "5",
      APP_URL: "https://hj.example.cn",
      PORT: "8080",
      SEED_DEMO: "1",
    });
    expect(env()).toMatchObject({
      PGLITE_DATA_DIR: "/srv/db",
      AUDIT_HASH: "sm3",
      SESSION_IDLE_MINUTES: 45,
      SESSION_MAX_PER_USER: 5,
      APP_URL: "https://hj.example.cn",
      PORT: 8080,
      SEED_DEMO: true,
    });
    expect((await freshEnv({ SEED_DEMO: "0" })).env().SEED_DEMO).toBe(false);
  });

  it("treats an empty variable as unset", async () => {
    const { env, isEmbedded } = await freshEnv({ DATABASE_URL: "", PGLITE_DATA_DIR: "", APP_URL: "", PORT: "", SEED_DEMO: "" });
    expect(env()).toMatchObject({ PGLITE_DATA_DIR: "data/pglite", APP_URL: "http://localhost:3000", PORT: 3000, SEED_DEMO: false });
    expect(env().DATABASE_URL).toBeUndefined();
    expect(isEmbedded()).toBe(true);
  });

  it("derives APP_URL's default from PORT, so npm start prints the address it serves", async () => {
    const { env } = await freshEnv({ PORT: "3555", APP_URL: "" });
    expect(env()).toMatchObject({ PORT: 3555, APP_URL: "http://localhost:3555" });
  });

  it("parses once and caches the result", async () => {
    const { env } = await freshEnv();
    const first = env();
    vi.stubEnv("AUDIT_HASH", "sm3");
    expect(env()).toBe(first);
    expect(env().AUDIT_HASH).toBe("sha256");
    // A fresh module sees the new value.
    const again = await freshEnv();
    expect(again.env().AUDIT_HASH).toBe("sm3");
  });
});

describe("env() with a database server", () => {
  it("accepts postgres:// and postgresql:// with an AUTH_SECRET", async () => {
    for (const url of ["postgres://u:p@db:5432/huanjie", "postgresql://u:p@db/huanjie"]) {
      const { env, isEmbedded } = await freshEnv({ DATABASE_URL: url, AUTH_SECRET: SECRET });
      expect(env()).toMatchObject({ DATABASE_URL: url, AUTH_SECRET: SECRET });
      expect(isEmbedded()).toBe(false);
    }
  });

  it("requires AUTH_SECRET", async () => {
    const { env } = await freshEnv({ DATABASE_URL: "postgresql://u:p@db/huanjie" });
    expect(env).toThrow(Error);
    expect(env).toThrow(/环境变量配置错误/);
    expect(env).toThrow(/ {2}- AUTH_SECRET: 使用 PostgreSQL 服务器 \(DATABASE_URL\) 时必须设置 AUTH_SECRET/);
  });

  it("requires AUTH_SECRET even when it is set but empty", async () => {
    const { env } = await freshEnv({ DATABASE_URL: "postgresql://u:p@db/huanjie", AUTH_SECRET: "" });
    expect(env).toThrow("  - AUTH_SECRET: 使用 PostgreSQL 服务器");
  });

  it("requires AUTH_SECRET to have at least 32 characters", async () => {
    const { env } = await freshEnv({ DATABASE_URL: "postgresql://u:p@db/huanjie", AUTH_SECRET: "s".repeat(31) });
    expect(env).toThrow("AUTH_SECRET: AUTH_SECRET 至少 32 个字符");
  });

  it.each(["mysql://u:p@db/huanjie", "file:./data/dev.db", "http://db:5432", "postgresql:u@db/huanjie", " postgresql://u:p@db/huanjie"])(
    "rejects the non-PostgreSQL DATABASE_URL %j",
    async (url) => {
      const { env } = await freshEnv({ DATABASE_URL: url, AUTH_SECRET: SECRET });
      expect(env).toThrow("DATABASE_URL: DATABASE_URL 必须是 postgresql:// 开头的连接串");
    },
  );
});

describe("env() rejects bad values", () => {
  it.each<[string, Vars]>([
    ["SESSION_IDLE_MINUTES", { SESSION_IDLE_MINUTES: "0" }],
    ["SESSION_IDLE_MINUTES", { SESSION_IDLE_MINUTES: "1441" }],
    ["SESSION_IDLE_MINUTES", { SESSION_IDLE_MINUTES: "1.5" }],
    ["SESSION_IDLE_MINUTES", { SESSION_IDLE_MINUTES: "half an hour" }],
    ["SESSION_MAX_PER_USER", { SESSION_MAX_PER_USER: "0" }],
    ["SESSION_MAX_PER_USER", { SESSION_MAX_PER_USER: "21" }],
    ["SESSION_MAX_PER_USER", { SESSION_MAX_PER_USER: "2.5" }],
    ["SESSION_MAX_PER_USER", { SESSION_MAX_PER_USER: "three" }],
    ["AUDIT_HASH", { AUDIT_HASH: "md5" }],
    ["PORT", { PORT: "0" }],
    ["PORT", { PORT: "65536" }],
    ["SEED_DEMO", { SEED_DEMO: "yes" }],
  ])("%s = %j", async (name, vars) => {
    const { env } = await freshEnv(vars);
    expect(env).toThrow(`  - ${name}: `);
  });

  it("requires https for an APP_URL that is not this machine", async () => {
    const { env } = await freshEnv({ APP_URL: "http://192.168.1.10:3000" });
    expect(env).toThrow("  - APP_URL: 非本机访问必须使用 https:// 地址");
    expect((await freshEnv({ APP_URL: "https://192.168.1.10" })).env().APP_URL).toBe("https://192.168.1.10");
    expect((await freshEnv({ APP_URL: "http://127.0.0.1:3000" })).env().APP_URL).toBe("http://127.0.0.1:3000");
  });

  // Regression: the https rule must not throw a bare TypeError on an unparsable APP_URL.
  it("reports an APP_URL that is not a URL as a readable error", async () => {
    const { env } = await freshEnv({ APP_URL: "localhost" });
    expect(env).toThrow("  - APP_URL: APP_URL 必须是完整网址");
  });

  it("names every bad variable at once", async () => {
    const { env } = await freshEnv({ AUDIT_HASH: "md5", SESSION_IDLE_MINUTES: "0" });
    let message = "";
    try {
      env();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("  - AUDIT_HASH: ");
    expect(message).toContain("  - SESSION_IDLE_MINUTES: ");
  });

  it("accepts the bounds of SESSION_IDLE_MINUTES", async () => {
    expect((await freshEnv({ SESSION_IDLE_MINUTES: "1" })).env().SESSION_IDLE_MINUTES).toBe(1);
    expect((await freshEnv({ SESSION_IDLE_MINUTES: "1440" })).env().SESSION_IDLE_MINUTES).toBe(1440);
  });

  it("accepts the bounds of SESSION_MAX_PER_USER", async () => {
    expect((await freshEnv({ SESSION_MAX_PER_USER: "1" })).env().SESSION_MAX_PER_USER).toBe(1);
    expect((await freshEnv({ SESSION_MAX_PER_USER: "20" })).env().SESSION_MAX_PER_USER).toBe(20);
  });
});

describe("isLocalUrl", () => {
  it.each(["http://localhost:3000", "https://localhost", "http://LOCALHOST:8080/path", "http://127.0.0.1:3000", "http://[::1]:3000/"])(
    "%s is local",
    async (url) => {
      const { isLocalUrl } = await freshEnv();
      expect(isLocalUrl(url)).toBe(true);
    },
  );

  it.each(["https://hj.example.cn", "http://localhost.example.cn", "http://127.0.0.2", "http://0.0.0.0:3000", "http://192.168.1.10:3000"])(
    "%s is not local",
    async (url) => {
      const { isLocalUrl } = await freshEnv();
      expect(isLocalUrl(url)).toBe(false);
    },
  );

  it("treats a URL without a scheme as not local ('localhost:' parses as the scheme)", async () => {
    const { isLocalUrl } = await freshEnv();
    expect(isLocalUrl("localhost:3000")).toBe(false);
  });

  it("throws on something that is not a URL", async () => {
    const { isLocalUrl } = await freshEnv();
    expect(() => isLocalUrl("not a url")).toThrow(TypeError);
    expect(() => isLocalUrl("http://")).toThrow(TypeError);
  });
});

describe("TRUSTED_PROXY_HEADER", () => {
  it("is unset by default (no header trusted) and read as a lower-case header name when set", async () => {
    vi.stubEnv("TRUSTED_PROXY_HEADER", undefined);
    expect((await freshEnv()).env().TRUSTED_PROXY_HEADER).toBeUndefined();
    vi.stubEnv("TRUSTED_PROXY_HEADER", "");
    expect((await freshEnv()).env().TRUSTED_PROXY_HEADER).toBeUndefined();
    vi.stubEnv("TRUSTED_PROXY_HEADER", "X-Real-IP");
    expect((await freshEnv()).env().TRUSTED_PROXY_HEADER).toBe("x-real-ip");
  });

  it("refuses something that is not a header name", async () => {
    vi.stubEnv("TRUSTED_PROXY_HEADER", "x-forwarded-for: 1.2.3.4");
    expect((await freshEnv()).env).toThrow("  - TRUSTED_PROXY_HEADER: TRUSTED_PROXY_HEADER 必须是一个请求头名称");
  });
});

describe("SECOND_FACTOR_ROLES", () => {
  it("is a comma-separated list of roles, empty by default", async () => {
    vi.stubEnv("SECOND_FACTOR_ROLES", undefined);
    expect((await freshEnv()).env().SECOND_FACTOR_ROLES).toEqual([]);
    vi.stubEnv("SECOND_FACTOR_ROLES", "COUNTY_ADMIN, SYSTEM_ADMIN");
    expect((await freshEnv()).env().SECOND_FACTOR_ROLES).toEqual(["COUNTY_ADMIN", "SYSTEM_ADMIN"]);
  });

  it("refuses a name that is no role", async () => {
    vi.stubEnv("SECOND_FACTOR_ROLES", "COUNTY_ADMIN,BOSS");
    expect((await freshEnv()).env).toThrow("  - SECOND_FACTOR_ROLES: SECOND_FACTOR_ROLES 只能列出这些角色");
  });
});
