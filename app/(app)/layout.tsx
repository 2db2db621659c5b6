import Link from "next/link";
import { LogoutButton } from "@/components/logout-button";
import { can, ROLE_LABEL, type Permission } from "@/lib/domain/permissions";
import { t } from "@/lib/i18n/zh";
import { requireActor } from "@/lib/server/auth/actor";

export const dynamic = "force-dynamic";

/** A link shows when the actor holds any of its permissions. */
const NAV: { href: string; label: string; permission?: Permission | Permission[] }[] = [
  { href: "/home", label: t.nav.home },
  { href: "/campaigns", label: t.nav.campaigns, permission: "campaign.view" },
  { href: "/voters", label: t.nav.voters, permission: "voter.view" },
  { href: "/rules", label: t.nav.rules, permission: "rules.manage" },
  { href: "/vetting", label: t.nav.vetting, permission: ["vetting.view", "vetting.review"] },
  { href: "/records", label: t.nav.records, permission: "certificate.view" },
  { href: "/certificates", label: t.nav.certificates, permission: "certificate.view" },
  { href: "/complaints", label: t.nav.complaints, permission: "complaint.view" },
  { href: "/dashboard", label: t.nav.dashboard, permission: "oversight.view" },
  { href: "/statistics", label: t.nav.statistics, permission: "oversight.view" },
  { href: "/past-terms", label: t.nav.pastTerms, permission: "term.import" },
  { href: "/admin/units", label: t.nav.units, permission: "unit.view" },
  { href: "/admin/departments", label: t.nav.departments, permission: "department.view" },
  { href: "/admin/users", label: t.nav.users, permission: "user.view" },
  { href: "/admin/audit", label: t.nav.audit, permission: "audit.view" },
];

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const own = { path: actor.unitPath };
  const items = NAV.filter((n) => !n.permission || [n.permission].flat().some((p) => can(actor, p, own)));
  return (
    <div className="min-h-screen">
      <header className="no-print border-b border-red-900 bg-red-800 text-white">
        {/* Full width so a county administrator's 14 menu items and the account fit one line at 1366 px. */}
        <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
          <Link href="/home" className="font-semibold whitespace-nowrap">
            {t.appShort}
          </Link>
          <nav className="flex flex-wrap gap-0.5 text-sm" aria-label="主导航">
            {items.map((n) => (
              <Link key={n.href} href={n.href} className="rounded px-1.5 py-1 whitespace-nowrap hover:bg-red-700">
                {n.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-2 text-sm">
            <Link href="/account" title={t.nav.account} className="rounded px-2 py-0.5 leading-tight hover:bg-red-700" data-testid="whoami">
              <span className="block whitespace-nowrap">{actor.displayName}</span>
              <span className="block text-xs whitespace-nowrap text-red-100">
                {actor.unitName} · {ROLE_LABEL[actor.role]}
              </span>
              <span className="sr-only">（{t.nav.account}）</span>
            </Link>
            <LogoutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl p-4">{children}</main>
    </div>
  );
}
