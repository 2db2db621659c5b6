import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PrintButton } from "@/components/print-button";
import { VillagePapers } from "@/components/village-papers";
import { blankSheetCount, MAX_BLANK_SHEETS, sheetHeaders } from "@/lib/domain/ballot-paper";
import { requirePermission } from "@/lib/server/auth/actor";
import { getTownshipBallotPapers, listBallotTownships } from "@/lib/server/election-day/ballots";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("批量打印选票", "id");

type Search = { township?: string | string[]; sheets?: string | string[] };

/**
 * Bulk print for one township: every village whose formal list is published, its ballot followed by
 * its blank tally sheets (one per ballot box; `sheets` unnamed ones for a village without boxes).
 */
export default async function TownshipBallotsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const actor = await requirePermission("tally.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const sp = await searchParams;
  const list = await listBallotTownships(actor, id);
  if (!list) notFound();
  const raw = Array.isArray(sp.township) ? sp.township[0] : sp.township;
  // A township officer has one township: show it without asking.
  const chosen = raw ?? (list.townships.length === 1 ? list.townships[0]!.id : undefined);
  if (chosen !== undefined && !z.uuid().safeParse(chosen).success) notFound();
  const data = chosen ? await getTownshipBallotPapers(actor, id, chosen) : null;
  if (chosen && !data) notFound();
  const unboxed = blankSheetCount(sp.sheets, 1);
  return (
    <div>
      <div className="no-print mb-4 space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1>
            批量打印选票和计票单{" "}
            <span className="text-base font-normal text-slate-500">
              {list.campaign.name}
              {data ? ` · ${data.township.name}` : ""}
            </span>
          </h1>
          <div className="ml-auto flex gap-2">
            <Link className="btn-secondary" href={`/campaigns/${list.campaign.id}`}>
              返回换届
            </Link>
            {data && data.papers.length > 0 && <PrintButton />}
          </div>
        </div>
        <form method="get" className="card flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="f-township">乡镇(街道)：</label>
          <select id="f-township" name="township" defaultValue={chosen ?? ""} required>
            <option value="" disabled>
              请选择
            </option>
            {list.townships.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}（正式候选人已公布 {t.formal}/{t.villages} 个村(社区)）
              </option>
            ))}
          </select>
          <label htmlFor="f-sheets">未设置票箱的村每村打印空白计票单</label>
          <input id="f-sheets" name="sheets" type="number" min={0} max={MAX_BLANK_SHEETS} defaultValue={unboxed} className="w-20" />
          <span>张</span>
          <button type="submit" className="btn-secondary">
            显示
          </button>
          {list.townships.length === 0 && <span className="text-amber-800">您的管辖范围内没有乡镇(街道)。</span>}
        </form>
        {data && (
          <section className="card space-y-2 text-sm" data-testid="bulk-summary">
            <p>
              共 {data.papers.length} 个村(社区)，{data.papers.reduce((n, p) => n + 1 + sheetHeaders(p.boxes, p.boxes.length || unboxed).length, 0)}{" "}
              页。每张选票、计票单各占一页，请用 A4 纸纵向、按 100% 比例打印。
            </p>
            {data.papers.length > 0 && (
              <ul className="list-disc pl-6" data-testid="bulk-included">
                {data.papers.map((p) => (
                  <li key={p.electionId}>
                    {p.village.name}：{p.round.label}选票 1 张，计票单 {sheetHeaders(p.boxes, p.boxes.length || unboxed).length} 张
                    {p.boxes.length > 0 ? `（${p.boxes.map((b) => b.name).join("、")}）` : "（未设置票箱）"}
                  </li>
                ))}
              </ul>
            )}
            {data.skipped.length > 0 && (
              <div data-testid="bulk-skipped">
                <p className="font-medium text-amber-800">以下村(社区)未包括在内：</p>
                <ul className="list-disc pl-6">
                  {data.skipped.map((s) => (
                    <li key={s.unitId}>
                      {s.name}：{s.reason}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
        )}
      </div>
      {data?.papers.map((p) => (
        <VillagePapers
          key={p.electionId}
          unitName={p.village.name}
          unitKind={p.village.kind}
          campaignName={p.campaign.name}
          roundLabel={p.round.label}
          electionDay={p.electionDay}
          ballot={p.ballot}
          sheets={sheetHeaders(p.boxes, p.boxes.length || unboxed)}
        />
      ))}
    </div>
  );
}
