// zod building blocks that accept both typed values (tests, JSON) and HTML form strings.
import { z } from "zod";
import { personNameProblem } from "./people";

export const idField = z.uuid("无效的编号");

export const versionField = z.coerce.number().int().positive("版本号无效");

export const intField = (min: number, max: number, label: string) =>
  z.coerce
    .number({ error: `${label}必须是整数` })
    .int(`${label}必须是整数`)
    .min(min, `${label}不能小于 ${min}`)
    .max(max, `${label}不能大于 ${max}`);

export const boolField = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

/** An optional id from a <select>: "" means none. */
export const optionalIdField = z
  .union([z.uuid("无效的编号"), z.literal(""), z.null()])
  .optional()
  .transform((v) => (v ? v : null));

/** A checkbox: present ("on") means true, absent means false. */
export const checkboxField = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** A checkbox group: absent, one value or several, always an array. */
export const multiField = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** An optional whole number typed in a form: "" means none. */
export const optionalIntField = (min: number, max: number, label: string) =>
  z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), intField(min, max, label).nullable());

/** A calendar day "YYYY-MM-DD". */
export const dayField = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`)
    .refine((d) => {
      const t = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
    }, `${label}不是有效日期`);

/** A person's name: trimmed, then checked by personNameProblem (which says what is wrong with it). */
export const personNameField = (label = "姓名") =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .superRefine((v, ctx) => {
      const problem = personNameProblem(v, label);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
