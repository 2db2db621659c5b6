// One village's ballot paper (选票) as printed: A4 portrait, black on white, one page per ballot
// (the .paper rules in app/globals.css). Server component: no state, no client code.
import { sectionTitle, type Ballot, type BallotSection } from "@/lib/domain/ballot";
import { ballotInstructions, ballotTitle, ballotWriteInLines, electionCommitteeName } from "@/lib/domain/ballot-paper";
import { chineseDay } from "@/lib/domain/days";

export type BallotPaperProps = {
  unitName: string;
  /** The unit's kind: a COMMUNITY prints 居民委员会, anything else 村民委员会. */
  unitKind: string;
  /** The campaign's name; its 第X届 goes into the title. */
  campaignName: string;
  /** "第一次投票", "另行选举（第2轮）" (lib/domain/ballot-paper.ts roundLabel). */
  roundLabel: string;
  /** YYYY-MM-DD, printed under the seal. */
  electionDay: string;
  ballot: Ballot;
};

/** Cells per printed row: six name columns fit an A4 portrait page. */
const PER_ROW = 6;

type Cell = { kind: "candidate"; key: string; name: string } | { kind: "writeIn"; key: string };

function cellsOf(section: BallotSection): Cell[][] {
  const cells: Cell[] = [
    ...section.candidates.map((c) => ({ kind: "candidate" as const, key: c.key, name: c.name })),
    ...Array.from({ length: ballotWriteInLines(section) }, (_, i) => ({ kind: "writeIn" as const, key: `w${i}` })),
  ];
  const rows: Cell[][] = [];
  for (let i = 0; i < cells.length; i += PER_ROW) rows.push(cells.slice(i, i + PER_ROW));
  return rows;
}

function Section({ section }: { section: BallotSection }) {
  const rows = cellsOf(section);
  return (
    <section className="mt-5 break-inside-avoid" data-testid="ballot-section" data-post={section.post}>
      <h2 className="mb-1 text-lg font-bold">
        {sectionTitle(section)}
        {section.womenOnly && <span className="ml-2 text-sm font-normal">（限选女性）</span>}
      </h2>
      <table className="table-fixed text-center">
        <colgroup>
          <col className="w-[18mm]" />
          {Array.from({ length: PER_ROW }, (_, i) => (
            <col key={i} />
          ))}
        </colgroup>
        {rows.map((row, r) => (
          <tbody key={r}>
            <tr>
              <th className="text-center">{section.candidates.length > 0 ? "姓名" : "另选他人"}</th>
              {row.map((c) =>
                c.kind === "candidate" ? (
                  <td key={c.key} className="h-[12mm] text-center align-middle text-lg tracking-widest" data-testid="ballot-candidate">
                    {c.name}
                  </td>
                ) : (
                  <td key={c.key} className="h-[12mm] text-left align-top text-xs" data-testid="ballot-write-in">
                    另选他人
                  </td>
                ),
              )}
              {Array.from({ length: PER_ROW - row.length }, (_, i) => (
                <td key={`pad${i}`} className="paper-empty" />
              ))}
            </tr>
            <tr>
              <th className="text-center">符号</th>
              {row.map((c) => (
                <td key={c.key} className="h-[12mm] align-middle">
                  <span className="mark-box" aria-label="画符号处" />
                </td>
              ))}
              {Array.from({ length: PER_ROW - row.length }, (_, i) => (
                <td key={`pad${i}`} className="paper-empty" />
              ))}
            </tr>
          </tbody>
        ))}
      </table>
    </section>
  );
}

/** The ballot of one round: title, instructions, one section per post, seal and date. */
export function BallotPaper({ unitName, unitKind, campaignName, roundLabel, electionDay, ballot }: BallotPaperProps) {
  return (
    <article className="paper" data-testid="ballot-paper">
      <h1 className="text-center text-2xl font-bold tracking-wider">{ballotTitle(unitName, unitKind, campaignName)}</h1>
      <p className="mt-1 text-center text-base">（{roundLabel}）</p>
      <section className="mt-4 border border-black p-3 text-sm leading-6">
        <h2 className="text-base font-bold">填写说明</h2>
        <ol className="list-decimal pl-6">
          {ballotInstructions(ballot.sections).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
      </section>
      {ballot.sections.map((s) => (
        <Section key={s.post} section={s} />
      ))}
      <div className="mt-10 flex justify-end">
        <div className="text-center">
          <div className="seal-box">（{electionCommitteeName(unitKind)}印章）</div>
          <p className="mt-2">{chineseDay(electionDay)}</p>
        </div>
      </div>
    </article>
  );
}
