// The one answer of a refused import (candidates, past terms, accounts, units, voters): the message, then
// every problem by row and column, so the whole file can be put right at once. Nothing was saved.

/** One problem of an uploaded file, as lib/server/errors.ts ErrorDetail sends it. */
export type ImportProblem = { sheet: string; row: number; column: string; message: string };

export function ImportProblems({
  error,
  details,
  advice = "请在 Excel 中按下表逐一改正。",
  sheetColumn = true,
  reasonHeader = "问题",
  onlyRows = false,
  testId = "import-errors",
}: {
  error: string;
  details: ImportProblem[];
  /** The line under the message when there is a table. */
  advice?: string;
  /** Files with several sheets (Excel templates) name the sheet; CSV-capable imports do not. */
  sheetColumn?: boolean;
  reasonHeader?: string;
  /** Show the table only when some problem has a row (a whole-file problem is said by the message alone). */
  onlyRows?: boolean;
  testId?: string;
}) {
  const table = onlyRows ? details.some((d) => d.row > 0) : details.length > 0;
  return (
    <div className="space-y-2" data-testid={testId}>
      <div role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
        <p className="font-medium">{error}</p>
        {table && <p>{advice}</p>}
      </div>
      {table && (
        <div className="max-h-[32rem] overflow-auto rounded border border-slate-200">
          <table>
            <thead className="sticky top-0">
              <tr>
                {sheetColumn && <th>工作表</th>}
                <th>行</th>
                <th>列</th>
                <th>{reasonHeader}</th>
              </tr>
            </thead>
            <tbody>
              {details.map((d, i) => (
                <tr key={i}>
                  {sheetColumn && <td className="whitespace-nowrap">{d.sheet || "—"}</td>}
                  <td className="whitespace-nowrap tabular-nums">{d.row > 0 ? `第 ${d.row} 行` : "—"}</td>
                  <td className="whitespace-nowrap">{d.column || "—"}</td>
                  <td>{d.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
