import Link from "next/link";
import { passwordExpiryNotice } from "@/lib/domain/password-policy";
import { ROLE_LABEL } from "@/lib/domain/permissions";
import { KIND_LABEL } from "@/lib/domain/units";
import { ROLE_HOME, t } from "@/lib/i18n/zh";
import { requireActor } from "@/lib/server/auth/actor";
import { getHomeFigures, getHomeWork } from "@/lib/server/home";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "工作台" };

export default async function HomePage() {
  const actor = await requireActor();
  const home = ROLE_HOME[actor.role];
  const [figures, work] = await Promise.all([getHomeFigures(actor), getHomeWork(actor)]);
  const hasWork = actor.role !== "SYSTEM_ADMIN" && actor.role !== "SUPERVISOR";
  const expiryNotice = passwordExpiryNotice(actor.passwordExpiresAt);
  return (
    <div className="space-y-4">
      <h1 data-testid="home-title">{home.title}</h1>
      {expiryNotice && (
        <p data-testid="password-expiry" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {expiryNotice}{" "}
          <Link className="link" href="/account">
            {t.account.passwordTitle}
          </Link>
        </p>
      )}
      <section className="card grid gap-2 sm:grid-cols-3">
        <div>
          <div className="text-xs text-slate-500">{t.home.yourUnit}</div>
          <div data-testid="home-unit" className="font-medium">
            {actor.unitName}（{actor.unitCode}）
          </div>
        </div>
        <div>
          <div className="text-xs text-slate-500">{t.home.yourRole}</div>
          <div className="font-medium">
            {ROLE_LABEL[actor.role]}
            {actor.departmentName ? ` · ${actor.departmentName}` : ""}
          </div>
        </div>
        <div>
          <div className="text-xs text-slate-500">管辖范围</div>
          <div className="font-medium">{figures.map((f) => `${KIND_LABEL[f.kind]} ${f.count}`).join("，") || "本单位"}</div>
        </div>
      </section>
      {hasWork && (
        <section className="card" data-testid="home-work">
          <h2 className="mb-2">{t.home.waiting}</h2>
          {work.length === 0 ? (
            <p className="text-sm text-slate-500">{t.home.nothingWaiting}</p>
          ) : (
            <ul className="space-y-1.5">
              {work.map((item) => (
                <li key={item.key} className="text-sm">
                  <Link className="link font-medium" href={item.href}>
                    {item.text}
                  </Link>
                  {item.links?.length ? (
                    <span className="ml-2 text-slate-600">
                      {item.links.map((l, i) => (
                        <span key={l.href}>
                          {i > 0 ? "、" : ""}
                          <Link className="link" href={l.href}>
                            {l.text}
                          </Link>
                        </span>
                      ))}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section className="card">
        <h2 className="mb-2">{t.home.whatYouDo}</h2>
        <p className="mb-3 text-sm text-slate-600">{home.intro}</p>
        <ul className="space-y-1.5">
          {home.tasks.map((task) => (
            <li key={task.label} className="flex items-center gap-2 text-sm">
              <span className={task.ready ? "rounded bg-green-100 px-1.5 text-xs text-green-800" : "rounded bg-slate-100 px-1.5 text-xs text-slate-500"}>
                {task.ready ? t.home.available : t.home.comingSoon}
              </span>
              {task.ready && task.href ? (
                <Link className="link" href={task.href}>
                  {task.label}
                </Link>
              ) : (
                <span className="text-slate-500">{task.label}</span>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
