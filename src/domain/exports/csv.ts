/**
 * Exports people read as they are: Chinese column headers, Chinese words for every code, Beijing
 * local time as `2026-12-02 05:36`, names instead of ids. One writer: UTF-8 with a BOM (Excel/WPS
 * on Windows read BOM-less UTF-8 as GBK), CRLF, and cells a spreadsheet would run as a formula
 * (= + - @ tab CR at the start) prefixed with ' (CSV injection) — all of which is the shared writer
 * src/domain/csv.ts (the one CSV writer of every export); this module adds the people-facing helpers.
 */
import { BOM, csvText, type CsvValue } from '../csv'
import { shanghaiMinute } from '../grid/time'

export { BOM }

const value = (v: unknown): CsvValue =>
  v === null || v === undefined || typeof v === 'number' || typeof v === 'string' ? v : String(v)

/** Rows → CSV text through the shared writer (BOM, CRLF, formula cells escaped). */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return csvText([header, ...rows.map((r) => r.map(value))])
}

/** `2026-12-02 05:36` in Beijing time; '' for no time. */
export const beijingTime = (ms: number | null | undefined): string =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? '' : shanghaiMinute(ms)
