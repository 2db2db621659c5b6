"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { t } from "@/lib/i18n/zh";

export function LoginForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  // Marks the form as interactive (tests wait for it instead of racing hydration).
  useEffect(() => formRef.current?.setAttribute("data-ready", "1"), []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      redirect: false,
      username: String(form.get("username") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (res?.ok && !res.error) {
      router.replace("/home");
      return;
    }
    setPending(false);
    setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "用户名或密码错误");
  }

  return (
    // method="post": a submit before hydration must never put the password into the URL.
    <form method="post" onSubmit={onSubmit} className="space-y-4" aria-label={t.login.title} ref={formRef}>
      <div className="flex flex-col gap-1">
        <label htmlFor="username">{t.login.username}</label>
        <input id="username" name="username" autoComplete="username" autoFocus required />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="password">{t.login.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <button type="submit" className="btn w-full justify-center" disabled={pending}>
        {pending ? t.login.submitting : t.login.submit}
      </button>
    </form>
  );
}
