"use client";
// The code field of a critical operation's form (docs/decisions/013-second-factor.md): shown when the
// signed-in user must use a second factor or has enrolled one; a user who must but has not enrolled
// is sent to 我的账号 first. The server checks the code whatever the page shows.
import Link from "next/link";
import { Field } from "./action-form";

export type SecondFactorNeed = { demand: "required" | "enrolled" | "none"; enrolled: boolean };

export function SecondFactorField({ need, id }: { need: SecondFactorNeed; id?: string }) {
  if (need.demand === "none") return null;
  if (!need.enrolled) {
    return (
      <p role="note" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
        此操作须使用第二因素（动态口令）。请先到
        <Link className="link" href="/account#second-factor">
          我的账号
        </Link>
        绑定验证器。
      </p>
    );
  }
  const fieldId = id ?? "f-otp";
  return (
    <Field name="otp" id={fieldId} label="动态口令（验证器显示的 6 位数字，或一个恢复码）">
      <input id={fieldId} name="otp" autoComplete="one-time-code" inputMode="numeric" required maxLength={12} className="w-40 font-mono" />
    </Field>
  );
}
