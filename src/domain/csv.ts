/**
 * The one CSV writer every export uses (vote audit, canvass summary, grid events and lists,
 * mediation statistics). What Excel and WPS on Chinese Windows need, and what keeps a spreadsheet
 * from running a cell:
 *   - UTF-8 with a BOM (without it Excel reads UTF-8 as GBK and garbles Chinese);
 *   - CRLF line ends; a cell holding , " CR or LF is quoted, with " doubled;
 *   - CSV injection: a text cell starting with = + - @ TAB or CR is prefixed with ' (OWASP), so it is
 *     shown as text and never run as a formula. Numbers (typeof number) are written as they are —
 *     a negative number is data, not a formula.
 */
export const BOM = '\uFEFF'

export type CsvValue = string | number | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  const s = FORMULA_START.test(v) ? `'${v}` : v
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Rows (header first) → the file's text: BOM, cells joined by commas, CRLF after every row. */
export function csvText(rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return `${BOM + rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}
