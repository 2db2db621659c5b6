import "server-only";
// The cookie-signing secret: AUTH_SECRET when set (required with a database server, see lib/env.ts);
// in embedded demo mode a random one is created once beside the data folder.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

let cached: string | undefined;

export function authSecret(): string {
  if (cached) return cached;
  const e = env();
  if (e.AUTH_SECRET) return (cached = e.AUTH_SECRET);
  const file = path.resolve(path.dirname(path.resolve(e.PGLITE_DATA_DIR)), "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64"), { mode: 0o600 });
  }
  return (cached = readFileSync(file, "utf8").trim());
}
