// The only reader of process.env (docs/architecture.md). Validated once; a bad value is a startup error.
import { z } from "zod";
import { ROLES } from "./domain/permissions";
import { parseRoleList } from "./domain/second-factor";

/** An empty variable counts as unset (e.g. `DATABASE_URL=` in a shell or a .env file). */
const opt = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === "" ? undefined : v), inner.optional());

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Unset: embedded PGlite. Set: a PostgreSQL server (production). */
    DATABASE_URL: opt(z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL 必须是 postgresql:// 开头的连接串")),
    /** Folder of the embedded database (git-ignored). */
    PGLITE_DATA_DIR: opt(z.string()).transform((v) => v ?? "data/pglite"),
    /** Secret for signing session cookies. Required with a database server; generated in embedded mode. */
    AUTH_SECRET: opt(z.string().min(32, "AUTH_SECRET 至少 32 个字符")),
    /** Public URL of the app; cookies are Secure unless it is localhost. Unset: http://localhost:PORT. */
    APP_URL: opt(z.url("APP_URL 必须是完整网址，例如 https://huanjie.example.gov.cn")),
    /** Port `npm start` serves on. */
    PORT: opt(z.coerce.number().int().min(1).max(65535)).transform((v) => v ?? 3000),
    /** Load the demo county into an empty server database too (always done for the embedded one). */
    SEED_DEMO: opt(z.enum(["0", "1"])).transform((v) => v === "1"),
    AUDIT_HASH: z.enum(["sha256", "sm3"]).default("sha256"),
    /** Idle minutes before a session ends. */
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** Live sessions one user may hold; a login beyond it ends the oldest (docs/decisions/002). */
    SESSION_MAX_PER_USER: z.coerce.number().int("SESSION_MAX_PER_USER 必须是整数").min(1).max(20).default(3),
    /** Days a password lasts before it must be changed (warned 7 days ahead). Unset: passwords do not expire. */
    PASSWORD_MAX_AGE_DAYS: opt(z.coerce.number().int("PASSWORD_MAX_AGE_DAYS 必须是整数天数").min(1).max(3650)),
    /**
     * Request header a reverse proxy sets to the client's address (x-forwarded-for, x-real-ip …),
     * used for login throttling. Unset: no header is trusted; the socket address is used.
     */
    /**
     * Roles that must use a second factor (TOTP) for critical operations in every county, comma-separated
     * (e.g. COUNTY_ADMIN,SYSTEM_ADMIN); counties may add roles of their own (docs/decisions/013).
     */
    SECOND_FACTOR_ROLES: opt(z.string())
      .transform((v) => parseRoleList(v))
      .refine((r) => r.unknown.length === 0, { message: `SECOND_FACTOR_ROLES 只能列出这些角色（逗号分隔）：${ROLES.join(", ")}` })
      .transform((r) => r.roles),
    TRUSTED_PROXY_HEADER: opt(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, "TRUSTED_PROXY_HEADER 必须是一个请求头名称，例如 x-forwarded-for 或 x-real-ip")
        .transform((h) => h.toLowerCase()),
    ),
  })
  .transform(({ APP_URL, ...rest }) => ({ ...rest, APP_URL: APP_URL ?? `http://localhost:${rest.PORT}` }))
  .superRefine((env, ctx) => {
    if (URL.canParse(env.APP_URL) && !isLocalUrl(env.APP_URL) && !env.APP_URL.startsWith("https://")) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_URL"],
        message: "非本机访问必须使用 https:// 地址（登录 Cookie 带 Secure 标记，http 下浏览器不会保存）",
      });
    }
    if (env.DATABASE_URL && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "使用 PostgreSQL 服务器 (DATABASE_URL) 时必须设置 AUTH_SECRET（至少 32 个随机字符，例如 `openssl rand -base64 48`）",
      });
    }
  });

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Parses the environment once; throws a readable error naming each bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`环境变量配置错误:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export function isEmbedded(): boolean {
  return !env().DATABASE_URL;
}

export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}
