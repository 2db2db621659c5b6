import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PrintButton } from "@/components/print-button";
import { VillagePapers } from "@/components/village-papers";
import { blankSheetCount, MAX_BLANK_SHEETS, roundParam, sheetHeaders } from "@/lib/domain/ballot-paper";
import { requirePermission } from "@/lib/server/auth/actor";
import { getBallotPapers } from "@/lib/server/election-day/ballots";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("选票和计票单", "id");

type Search = { round?: string | string[]; sheets?: string | string[] };

/**
 * The printable ballot (选票样张) of a round and its blank tally sheets (计票单): one sheet per ballot
 * box once polling is set up (box names prefilled), otherwise as many unnamed sheets as asked for.
 */
export default async function BallotsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const actor = await requirePermission("tally.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const sp = await searchParams;
  const round = roundParam(sp.round);
  const p = await getBallotPapers(actor, id, round);
  if (!p) notFound();
  const back = (
    <Link className="btn-secondary" href={`/elections/${p.electionId}`}>
      返回名单
    </Link>
  );
  if ("notReady" in p) {
    return (
      <div className="space-y-4">
        <h1>{p.village.name}选票和计票单</h1>
        <p className="card text-amber-800" data-testid="ballots-not-ready">
          {p.notReady}
        </p>
        {back}
      </div>
    );
  }
  const count = blankSheetCount(sp.sheets, p.boxes.length);
  const sheets = sheetHeaders(p.boxes, count);
  const href = (q: { round?: number; sheets?: number }) => {
    const s = new URLSearchParams();
    if (q.round !== undefined) s.set("round", String(q.round));
    if (q.sheets !== undefined) s.set("sheets", String(q.sheets));
    return `/elections/${p.electionId}/ballots${s.size ? `?${s}` : ""}`;
  };
  return (
    <div>
      <div className="no-print mb-4 space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1>
            {p.village.name}选票和计票单{" "}
            <span className="text-base font-normal text-slate-500">
              {p.township?.name} · {p.campaign.name} · {p.round.label}
            </span>
          </h1>
          <div className="ml-auto flex gap-2">
            {back}
            <PrintButton />
          </div>
        </div>
        <div className="card space-y-2 text-sm">
          {p.rounds.length > 0 ? (
            <p className="flex flex-wrap items-center gap-2">
              投票轮次：
              {p.rounds.map((r) =>
                r.number === p.round.number ? (
                  <b key={r.number} className="rounded bg-red-100 px-2 py-0.5 text-red-800" aria-current="page">
                    {r.label}
                  </b>
                ) : (
                  <Link key={r.number} className="link" href={href({ round: r.number, sheets: count })}>
                    {r.label}
                  </Link>
                ),
              )}
            </p>
          ) : (
            <p>尚未开始投票：以下为第一次投票的选票，按已公布的正式候选人名单（姓氏笔画排序）生成。</p>
          )}
          <form method="get" className="flex flex-wrap items-center gap-2">
            {round !== undefined && <input type="hidden" name="round" value={round} />}
            {p.boxes.length > 0 ? (
              <>
                <label htmlFor="f-sheets">空白计票单：</label>
                <select id="f-sheets" name="sheets" defaultValue={count > 0 ? String(p.boxes.length) : "0"}>
                  <option value={p.boxes.length}>
                    每个票箱一张（共 {p.boxes.length} 张：{p.boxes.map((b) => b.name).join("、")}）
                  </option>
                  <option value="0">不打印</option>
                </select>
              </>
            ) : (
              <>
                <label htmlFor="f-sheets">空白计票单张数：</label>
                <input id="f-sheets" name="sheets" type="number" min={0} max={MAX_BLANK_SHEETS} defaultValue={count} className="w-20" />
                <span className="text-xs text-slate-500">尚未设置票箱；设置票箱后每个票箱打印一张并预填票箱名称。</span>
              </>
            )}
            <button type="submit" className="btn-secondary">
              更新
            </button>
          </form>
          <p className="text-xs text-slate-500">
            每张选票、计票单各占一页，请用 A4 纸纵向、按 100% 比例打印。选票样张须经{p.village.kind === "COMMUNITY" ? "居民" : "村民"}
            选举委员会审核，按登记选民数印制并加盖印章。
          </p>
        </div>
      </div>
      <VillagePapers
        unitName={p.village.name}
        unitKind={p.village.kind}
        campaignName={p.campaign.name}
        roundLabel={p.round.label}
        electionDay={p.electionDay}
        ballot={p.ballot}
        sheets={sheets}
      />
    </div>
  );
}
