// A blank tally sheet (计票单) for one ballot box, as printed. The on-screen tally entry form follows
// the same headings, rows and order, so a clerk types from paper top to bottom; every box to fill
// carries the entry form's field name (lib/domain/tally.ts FIELD) as data-field.
import { sectionTitle, type Ballot, type BallotSection } from "@/lib/domain/ballot";
import { tallySheetTitle } from "@/lib/domain/ballot-paper";
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

function SectionTable({ section }: { section: BallotSection }) {
  return (
    <section className="mt-4 break-inside-avoid" data-testid="tally-section" data-post={section.post} data-field={FIELD.section(section.post)}>
      <h2 className="mb-1 text-base font-bold">{sectionTitle(section)}</h2>
      <table className="table-fixed">
        <colgroup>
          <col className="w-[22mm]" />
          <col />
          <col className="w-[22mm]" />
          <col className="w-[32mm]" />
        </colgroup>
        <thead>
          <tr>
            <th className="text-center">序号</th>
            <th colSpan={2}>姓名</th>
            <th className="text-center">得票（票）</th>
          </tr>
        </thead>
        <tbody>
          {section.candidates.map((c, i) => (
            <tr key={c.key} data-testid="tally-candidate">
              <td className="text-center">{i + 1}</td>
              <td colSpan={2}>{c.name}</td>
              <td className="h-[9mm]" data-field={FIELD.vote(section.post, c.key)} />
            </tr>
          ))}
          <tr>
            <th className="text-center">另选他人</th>
            <th>姓名</th>
            <th className="text-center">性别</th>
            <th className="text-center">得票</th>
          </tr>
          {Array.from({ length: WRITE_IN_LINES }, (_, i) => (
            <tr key={i} data-testid="tally-write-in">
              <td className="text-center">另选他人</td>
              <td className="h-[9mm]" data-field={FIELD.writeIn(section.post, i, "name")} />
              <td className="text-center" data-field={FIELD.writeIn(section.post, i, "gender")}>
                男 / 女
              </td>
              <td data-field={FIELD.writeIn(section.post, i, "votes")} />
            </tr>
          ))}
          <tr>
            <th colSpan={3} className="text-right">
              本栏合计
            </th>
            <td className="h-[9mm]" data-testid="tally-section-total" />
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** A blank 计票单 for one box: ballot counts, one table per ballot section, check note, signatures. */
export function TallySheetPaper({ unitName, roundLabel, ballot, boxName, stationName }: TallySheetPaperProps) {
  return (
    <article className="paper" data-testid="tally-sheet">
      <h1 className="text-center text-2xl font-bold tracking-wider">{tallySheetTitle(unitName, roundLabel)}</h1>
      <p className="mt-3 flex gap-10 text-base">
        <span>
          票箱：<Blank value={boxName} />
        </span>
        <span>
          投票站：<Blank value={stationName} />
        </span>
      </p>
      <section className="mt-4 break-inside-avoid" data-testid="tally-counts">
        <h2 className="mb-1 text-base font-bold">选票情况</h2>
        <table className="table-fixed">
          <colgroup>
            <col />
            <col className="w-[40mm]" />
          </colgroup>
          <tbody>
            {BALLOT_COUNT_ROWS.map((r) => (
              <tr key={r.field}>
                <th>{r.label}</th>
                <td className="h-[9mm]" data-field={r.field} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {ballot.sections.map((s) => (
        <SectionTable key={s.post} section={s} />
      ))}
      <p className="mt-3 text-sm">注：每栏得票合计不得超过 有效票 × 应选名额；每人得票不得超过有效票。</p>
      <div className="mt-8 grid grid-cols-3 gap-6 text-base">
        {["监票人（签名）", "唱票人（签名）", "计票人（签名）"].map((label) => (
          <p key={label}>
            {label}：<Blank width="w-24" />
          </p>
        ))}
      </div>
      <p className="mt-6 text-right text-base">
        <Blank width="w-16" />年<Blank width="w-10" />月<Blank width="w-10" />日
      </p>
    </article>
  );
}
