import { z } from "zod";

/** Password rule shown to users: at least 10 characters with letters and digits. */
export const passwordSchema = z
  .string()
  .min(10, "密码至少 10 个字符")
  .max(128, "密码最多 128 个字符")
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), "密码须同时包含字母和数字");

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
