// One village's print run: its ballot paper, then its blank tally sheets. Rendered as siblings so
// that the print CSS (.paper ~ .paper) starts each on a new page.
import type { Ballot } from "@/lib/domain/ballot";
import type { SheetHeader } from "@/lib/domain/ballot-paper";
import { BallotPaper } from "./ballot-paper";
import { TallySheetPaper } from "./tally-sheet-paper";

export type VillagePapersProps = {
  unitName: string;
  unitKind: string;
  campaignName: string;
  roundLabel: string;
  electionDay: string;
  ballot: Ballot;
  /** One blank tally sheet per entry (lib/domain/ballot-paper.ts sheetHeaders). */
  sheets: readonly SheetHeader[];
};

export function VillagePapers({ sheets, ...p }: VillagePapersProps) {
  return (
    <>
      <BallotPaper {...p} />
      {sheets.map((s, i) => (
        <TallySheetPaper key={i} unitName={p.unitName} roundLabel={p.roundLabel} ballot={p.ballot} boxName={s.boxName} stationName={s.stationName} />
      ))}
    </>
  );
}
