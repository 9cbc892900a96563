/**
 * Exports people read as they are: Chinese column headers, Chinese words for every code, Beijing
 * local time as `2026-12-02 05:36`, names instead of ids. One writer: UTF-8 with a BOM (Excel/WPS
 * on Windows read BOM-less UTF-8 as GBK), CRLF, and cells a spreadsheet would run as a formula
 * (= + - @ tab CR at the start) prefixed with ' (CSV injection). When the legal-correctness work
 * lands its shared writer, this module is the one place to switch.
 */
import { shanghaiMinute } from '../grid/time'

export const BOM = '\uFEFF'

function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Rows → CSV text with BOM and CRLF line ends. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return BOM + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

/** `2026-12-02 05:36` in Beijing time; '' for no time. */
export const beijingTime = (ms: number | null | undefined): string =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? '' : shanghaiMinute(ms)
