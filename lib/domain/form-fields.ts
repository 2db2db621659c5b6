// zod building blocks that accept both typed values (tests, JSON) and HTML form strings.
import { z } from "zod";

export const idField = z.uuid("无效的编号");

export const versionField = z.coerce.number().int().positive("版本号无效");

export const intField = (min: number, max: number, label: string) =>
  z.coerce.number({ error: `${label}必须是整数` }).int(`${label}必须是整数`).min(min, `${label}不能小于 ${min}`).max(max, `${label}不能大于 ${max}`);

export const boolField = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** An optional id from a <select>: "" means none. */
export const optionalIdField = z
  .union([z.uuid("无效的编号"), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v ? v : null));
