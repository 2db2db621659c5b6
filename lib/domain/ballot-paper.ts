// The words printed on a ballot paper (选票) and a blank tally sheet (计票单): titles, the round's
// name, the voting instructions. Pure, so the printed text can be tested without rendering.
import type { BallotSection } from "./ballot";

export type RoundKind = "FIRST" | "RUNOFF";

/**
 * A round's name as printed: round 1 is the 第一次投票; a FIRST round after it re-runs a void vote on
 * the same ballot; a RUNOFF is the 另行选举 for unfilled seats (or the re-vote among the tied).
 */
export function roundLabel(number: number, kind: RoundKind): string {
  if (kind === "RUNOFF") return `另行选举（第${number}轮）`;
  return number <= 1 ? "第一次投票" : `重新投票（第${number}轮）`;
}

/** 村民委员会 for a village, 居民委员会 for a community. */
export function committeeName(unitKind: string): string {
  return unitKind === "COMMUNITY" ? "居民委员会" : "村民委员会";
}

/** The body that seals ballots and tally sheets: 村民选举委员会 / 居民选举委员会. */
export function electionCommitteeName(unitKind: string): string {
  return unitKind === "COMMUNITY" ? "居民选举委员会" : "村民选举委员会";
}

/** "第十二届" out of a campaign name such as "第十二届村(居)民委员会换届选举", or "" when it names no term. */
export function termOf(campaignName: string): string {
  return /第[0-9０-９一二三四五六七八九十百零〇两]+届/u.exec(campaignName)?.[0] ?? "";
}

/** "甲一村第十二届村民委员会成员选举选票" (the term only when the campaign name gives one). */
export function ballotTitle(unitName: string, unitKind: string, campaignName: string): string {
  return `${unitName}${termOf(campaignName)}${committeeName(unitKind)}成员选举选票`;
}

/** "甲一村第一次投票计票单" */
export function tallySheetTitle(unitName: string, round: string): string {
  return `${unitName}${round}计票单`;
}

/** 填写说明: the standard wording of provincial sample ballots (docs/rules/proxies-and-polling.md). */
export function ballotInstructions(sections: readonly Pick<BallotSection, "womenOnly">[]): string[] {
  const lines = [
    "在候选人姓名下方的方格内画“○”表示赞成，画“×”表示反对，不画符号表示弃权。",
    "如另选他人，在该栏“另选他人”格内写上其姓名，并在下方的方格内画“○”。",
    "每栏所选（画“○”和另选他人）的人数不得多于该栏应选名额，多于应选名额的，该栏作废，不影响其他各栏。",
    "请用黑色钢笔、签字笔或圆珠笔填写；符号不清、字迹无法辨认或涂改后无法辨认的部分无效。",
    "选票不得涂写与选举无关的内容，写好后折叠投入票箱。",
  ];
  if (sections.some((s) => s.womenOnly)) lines.splice(3, 0, "标明“限选女性”的栏目只能选女性，另选他人也须为女性。");
  return lines;
}

/** How many blank write-in lines a section gets on the ballot: one per seat (a voter may write in for every seat). */
export function ballotWriteInLines(section: Pick<BallotSection, "seats">): number {
  return Math.max(1, section.seats);
}

export const MAX_BLANK_SHEETS = 30;

/** The `?sheets=` query: how many blank tally sheets to print, 0..MAX_BLANK_SHEETS; `fallback` when absent or not a number. */
export function blankSheetCount(requested: string | string[] | undefined, fallback: number): number {
  const raw = Array.isArray(requested) ? requested[0] : requested;
  if (raw === undefined || !/^\d{1,4}$/.test(raw.trim())) return Math.min(Math.max(0, fallback), MAX_BLANK_SHEETS);
  return Math.min(Number(raw.trim()), MAX_BLANK_SHEETS);
}

/** The `?round=` query as a round number, or undefined (latest round) when absent or not a positive integer. */
export function roundParam(requested: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(requested) ? requested[0] : requested;
  if (raw === undefined || !/^\d{1,3}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n >= 1 ? n : undefined;
}

export type SheetHeader = { boxName?: string; stationName?: string };

/**
 * The blank tally sheets to print: none when `count` is 0; one per ballot box (named) when the
 * village's polling setup has boxes; otherwise `count` unnamed sheets.
 */
export function sheetHeaders(boxes: readonly { name: string; stationName: string }[], count: number): SheetHeader[] {
  if (count <= 0) return [];
  if (boxes.length > 0) return boxes.map((b) => ({ boxName: b.name, stationName: b.stationName }));
  return Array.from({ length: Math.min(count, MAX_BLANK_SHEETS) }, () => ({}));
}

// ---------------------------------------------------------------------------------------------
// The printed tally sheet's layout: one A4 page per sheet, signatures and date included.

/** The printable height of an A4 page under `@page paper` (297 mm − 2 × 15 mm margins, app/globals.css). */
export const A4_PRINTABLE_MM = 267;

/**
 * Fixed heights on the printed tally sheet, in mm (components/tally-sheet-paper.tsx sets exactly these):
 * the title with the box line, the heading above each table, the note with signatures and date,
 * and what is kept back for table borders and rounding.
 */
export const TALLY_SHEET_MM = { header: 22, blockHead: 9, footer: 38, slack: 10 } as const;

/** Row heights: 9 mm is comfortable to write in; below 6 mm the figures no longer fit by hand. */
export const TALLY_ROW_MM = { max: 9, min: 6 } as const;

/** Rows of the 选票情况 table (issued, returned, invalid, valid). */
export const BALLOT_COUNT_ROW_COUNT = 4;

export type TallySheetLayout = {
  columns: 1 | 2;
  /** The tables of each column, in reading order: 0 is 选票情况, i + 1 the ballot's section i. */
  blocks: number[][];
  rowMm: number;
  /** False only for a ballot too long for one page even in two columns at the smallest row height. */
  fits: boolean;
};

/** Rows of one section's table: its head, the printed names, the 另选他人 head and lines, the total. */
export function tallySectionRows(candidates: number, writeInLines: number): number {
  return 1 + candidates + 1 + writeInLines + 1;
}

/**
 * How a blank tally sheet fits on one A4 page: one column with rows as tall as fit (at most 9 mm),
 * or, when that would squeeze the rows below 7.5 mm, two columns with the tables split in reading
 * order where the columns come out most even.
 */
export function tallySheetLayout(sections: readonly { candidates: number }[], writeInLines: number): TallySheetLayout {
  const rows = [BALLOT_COUNT_ROW_COUNT, ...sections.map((s) => tallySectionRows(s.candidates, writeInLines))];
  const room = A4_PRINTABLE_MM - TALLY_SHEET_MM.header - TALLY_SHEET_MM.footer - TALLY_SHEET_MM.slack;
  const rowFor = (cols: number[][]) => Math.min(...cols.map((c) => (room - c.length * TALLY_SHEET_MM.blockHead) / c.reduce((sum, i) => sum + rows[i]!, 0)));
  const all = rows.map((_, i) => i);
  const one = rowFor([all]);
  // Never below the smallest row a hand can write in: a ballot that long takes a second page instead.
  const round = (mm: number) => Math.floor(Math.max(TALLY_ROW_MM.min, Math.min(TALLY_ROW_MM.max, mm)) * 10) / 10;
  if (one >= 7.5 || rows.length < 2) return { columns: 1, blocks: [all], rowMm: round(one), fits: one >= TALLY_ROW_MM.min };
  let best: { blocks: number[][]; row: number } | null = null;
  for (let cut = 1; cut < rows.length; cut++) {
    const blocks = [all.slice(0, cut), all.slice(cut)];
    const row = rowFor(blocks);
    if (!best || row > best.row) best = { blocks, row };
  }
  if (best!.row <= one) return { columns: 1, blocks: [all], rowMm: round(one), fits: one >= TALLY_ROW_MM.min };
  return { columns: 2, blocks: best!.blocks, rowMm: round(best!.row), fits: best!.row >= TALLY_ROW_MM.min };
}
