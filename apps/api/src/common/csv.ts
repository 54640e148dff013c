/** A value of one CSV cell; null and undefined are empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
/** Cells a spreadsheet would run as a formula (CSV injection); plain numbers such as `-12.50` are data. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/**
 * One RFC 4180 cell: quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Text that a spreadsheet would evaluate as a formula gets a leading apostrophe (OWASP CSV
 * injection advice); numbers are left exactly as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF line end, for documents written row by row. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole CSV document: header row first, CRLF line ends (RFC 4180), each row as wide as the header. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row, i) => {
    if (row.length !== header.length) throw new Error(`CSV row ${i} has ${row.length} cells, the header has ${header.length}`);
    return row.map(csvCell).join(',');
  });
  return `${lines.join('\r\n')}\r\n`;
}
