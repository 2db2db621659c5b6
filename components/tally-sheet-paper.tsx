// A blank tally sheet (计票单) for one ballot box, as printed. The on-screen tally entry form follows
// the same headings, rows and order, so a clerk types from paper top to bottom; every box to fill
// carries the entry form's field name (lib/domain/tally.ts FIELD) as data-field.
import { sectionTitle, type Ballot, type BallotSection } from "@/lib/domain/ballot";
import { TALLY_SHEET_MM, tallySheetLayout, tallySheetTitle } from "@/lib/domain/ballot-paper";
import { FIELD, WRITE_IN_LINES } from "@/lib/domain/tally";

export type TallySheetPaperProps = {
  unitName: string;
  /** "第一次投票", "另行选举（第2轮）" (lib/domain/ballot-paper.ts roundLabel). */
  roundLabel: string;
  ballot: Ballot;
  /** Prefilled into the header; a blank line to write on when absent. */
  boxName?: string;
  stationName?: string;
};

/** The rows of the 选票情况 table, in order. */
export const BALLOT_COUNT_ROWS = [
  { field: FIELD.issued, label: "发出选票（张）" },
  { field: FIELD.returned, label: "收回选票（张）" },
  { field: FIELD.invalid, label: "无效票（张）" },
  { field: "valid", label: "有效票（张）= 收回 − 无效" },
] as const;

const Blank = ({ value, width = "w-40" }: { value?: string; width?: string }) => (
  <span className={`inline-block ${width} border-b border-black px-1 text-center`}>{value ?? "\u00a0"}</span>
);

/** The heading above a table, at the fixed height the page layout counts on. */
const BlockHead = ({ children }: { children: React.ReactNode }) => (
  <h2 className="flex items-end pb-1 text-base font-bold leading-tight" style={{ height: `${TALLY_SHEET_MM.blockHead}mm` }}>
    {children}
  </h2>
);

function SectionTable({ section, rowMm, narrow }: { section: BallotSection; rowMm: number; narrow: boolean }) {
  const row = { height: `${rowMm}mm` };
  return (
    <section className="break-inside-avoid" data-testid="tally-section" data-post={section.post} data-field={FIELD.section(section.post)}>
      <BlockHead>{sectionTitle(section)}</BlockHead>
      <table className={`table-fixed ${narrow ? "paper-narrow" : ""}`}>
        <colgroup>
          <col className={narrow ? "w-[18mm]" : "w-[22mm]"} />
          <col />
          <col className={narrow ? "w-[16mm]" : "w-[22mm]"} />
          <col className={narrow ? "w-[20mm]" : "w-[32mm]"} />
        </colgroup>
        <thead>
          <tr style={row}>
            <th className="text-center">序号</th>
            <th colSpan={2}>姓名</th>
            <th className="text-center">得票（票）</th>
          </tr>
        </thead>
        <tbody>
          {section.candidates.map((c, i) => (
            <tr key={c.key} data-testid="tally-candidate" style={row}>
              <td className="text-center">{i + 1}</td>
              <td colSpan={2}>{c.name}</td>
              <td data-field={FIELD.vote(section.post, c.key)} />
            </tr>
          ))}
          <tr style={row}>
            <th className="text-center">另选他人</th>
            <th>姓名</th>
            <th className="text-center">性别</th>
            <th className="text-center">得票</th>
          </tr>
          {Array.from({ length: WRITE_IN_LINES }, (_, i) => (
            <tr key={i} data-testid="tally-write-in" style={row}>
              <td className="text-center">另选他人</td>
              <td data-field={FIELD.writeIn(section.post, i, "name")} />
              <td className="text-center" data-field={FIELD.writeIn(section.post, i, "gender")}>
                {section.womenOnly ? "女" : "男 / 女"}
              </td>
              <td data-field={FIELD.writeIn(section.post, i, "votes")} />
            </tr>
          ))}
          <tr style={row}>
            <th colSpan={3} className="text-right">
              本栏合计
            </th>
            <td data-testid="tally-section-total" />
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function CountsTable({ rowMm }: { rowMm: number }) {
  return (
    <section className="break-inside-avoid" data-testid="tally-counts">
      <BlockHead>选票情况</BlockHead>
      <table className="table-fixed">
        <colgroup>
          <col />
          <col className="w-[36mm]" />
        </colgroup>
        <tbody>
          {BALLOT_COUNT_ROWS.map((r) => (
            <tr key={r.field} style={{ height: `${rowMm}mm` }}>
              <th>{r.label}</th>
              <td data-field={r.field} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A blank 计票单 for one box on one A4 page: ballot counts, one table per ballot section, check note,
 * signatures and date. Rows shrink, and long ballots go to two columns, so the page holds it all
 * (lib/domain/ballot-paper.ts tallySheetLayout).
 */
export function TallySheetPaper({ unitName, roundLabel, ballot, boxName, stationName }: TallySheetPaperProps) {
  const layout = tallySheetLayout(
    ballot.sections.map((s) => ({ candidates: s.candidates.length })),
    WRITE_IN_LINES,
  );
  const narrow = layout.columns === 2;
  const block = (i: number) =>
    i === 0 ? (
      <CountsTable key="counts" rowMm={layout.rowMm} />
    ) : (
      <SectionTable key={ballot.sections[i - 1]!.post} section={ballot.sections[i - 1]!} rowMm={layout.rowMm} narrow={narrow} />
    );
  return (
    <article className="paper tally-sheet-paper" data-testid="tally-sheet" data-columns={layout.columns}>
      {!layout.fits && <p className="no-print mb-2 text-sm text-amber-800">本计票单候选人较多，一页打印不下，将打印为两页。</p>}
      <header style={{ height: `${TALLY_SHEET_MM.header}mm` }}>
        <h1 className="text-center text-2xl font-bold leading-tight tracking-wider">{tallySheetTitle(unitName, roundLabel)}</h1>
        <p className="mt-3 flex gap-10 text-base">
          <span>
            票箱：
            <Blank value={boxName} />
          </span>
          <span>
            投票站：
            <Blank value={stationName} />
          </span>
        </p>
      </header>
      <div className={narrow ? "grid grid-cols-2 items-start gap-x-[6mm]" : ""}>
        {layout.blocks.map((col, c) => (
          <div key={c}>{col.map(block)}</div>
        ))}
      </div>
      <footer className="flex flex-col justify-end text-base" style={{ height: `${TALLY_SHEET_MM.footer}mm` }}>
        <p className="text-sm">注：每栏得票合计不得超过 有效票 × 应选名额；每人得票不得超过有效票。</p>
        <div className="mt-6 grid grid-cols-3 gap-6">
          {["监票人（签名）", "唱票人（签名）", "计票人（签名）"].map((label) => (
            <p key={label}>
              {label}：<Blank width="w-24" />
            </p>
          ))}
        </div>
        <p className="mt-4 text-right">
          <Blank width="w-16" />年<Blank width="w-10" />月<Blank width="w-10" />日
        </p>
      </footer>
    </article>
  );
}
