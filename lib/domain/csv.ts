// CSV for people who open it in Excel: UTF-8 with a byte-order mark (else Excel reads GBK and the
// Chinese is garbled), CRLF line ends and RFC 4180 quoting. Text that Excel would run as a formula
// gets a leading apostrophe (OWASP "CSV injection"); the JSON beside each CSV keeps the exact text.

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "是" : "否";
  let s = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The whole file: BOM, header row, one line per row, each ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): Uint8Array {
  for (const [i, r] of rows.entries()) {
    if (r.length !== header.length) throw new Error(`toCsv: row ${i + 1} has ${r.length} cells, header has ${header.length}`);
  }
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(","));
  return new TextEncoder().encode(`\uFEFF${lines.map((l) => `${l}\r\n`).join("")}`);
}

/**
 * Reads CSV text (RFC 4180: quoted cells may hold commas, quotes doubled, line breaks) into rows of cells. A
 * leading byte-order mark is dropped; CRLF, LF and CR all end a row. Never throws: an unclosed quote runs to the end.
 */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && s[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
