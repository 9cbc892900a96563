/**
 * Exact arithmetic for exclusive floor area (专有部分面积).
 *
 * Civil Code Art. 278 thresholds compare sums of areas ("2/3 of the total exclusive area", "3/4 of
 * the participating area"). With floats, 0.1 + 0.2 !== 0.3 and a vote sitting exactly on a
 * threshold could flip. So areas are held as integer hundredths of a square metre ("centi-m²"):
 * "82.50" → 8250.
 *
 * Why `number` and not `bigint`: centi values must round-trip through JSON and Yjs (bigint does
 * not survive JSON.stringify), and they stay far below 2^53. A single flat is capped at
 * 9,999,999.99 m² (< 10^9 centi); even a million such flats sum to < 10^15, and the threshold
 * comparisons multiply by at most 4, still < 2^53 ≈ 9.007·10^15. `assertSafeCenti` and
 * `atLeastFraction` check this at run time anyway, so an overflow throws instead of rounding.
 */

export type AreaErrorCode =
  | 'area.empty'
  | 'area.negative'
  | 'area.exponent'
  | 'area.too_many_decimals'
  | 'area.too_large'
  | 'area.invalid'

export interface LocalizedMessage {
  zh: string
  en: string
}

export const AREA_MESSAGES: Record<AreaErrorCode, LocalizedMessage> = {
  'area.empty': { zh: '面积为空', en: 'area is empty' },
  'area.negative': { zh: '面积不能为负数', en: 'area must not be negative' },
  'area.exponent': {
    zh: '面积不能用科学计数法（如 8.25E1），请写成 82.50',
    en: 'area must not use exponent notation (e.g. 8.25E1); write 82.50',
  },
  'area.too_many_decimals': {
    zh: '面积最多两位小数（如 82.50）',
    en: 'area has more than two decimals (use e.g. 82.50)',
  },
  'area.too_large': { zh: '面积过大（上限 9999999.99 平方米）', en: 'area too large (max 9999999.99 m²)' },
  'area.invalid': { zh: '面积不是有效数字（应如 82.50）', en: 'area is not a valid number (expected e.g. 82.50)' },
}

export class AreaError extends Error {
  readonly code: AreaErrorCode
  readonly input: string
  readonly localized: LocalizedMessage
  constructor(code: AreaErrorCode, input: string) {
    const localized = AREA_MESSAGES[code]
    super(`${localized.en}: ${JSON.stringify(input)}`)
    this.name = 'AreaError'
    this.code = code
    this.input = input
    this.localized = localized
  }
}

export type AreaParseResult = { ok: true; centi: number } | { ok: false; error: AreaError }

/** Max integer digits of a single area; keeps every sum and product far below 2^53 (see header). */
const MAX_INTEGER_DIGITS = 7
const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/

/**
 * Parses "82.50" / "82.5" / "82" into centi-m² (8250). Surrounding ASCII/ideographic whitespace is
 * trimmed (hand-typed spreadsheets often carry it); everything else that is not a plain
 * non-negative decimal with ≤ 2 decimals is rejected: "", "abc", "-1", "8.25e1", "82.505", ".5",
 * "82.", "+82", "1,000.00", full-width digits.
 */
export function tryParseAreaCenti(input: string): AreaParseResult {
  const text = input.trim()
  const fail = (code: AreaErrorCode): AreaParseResult => ({ ok: false, error: new AreaError(code, input) })
  if (text === '') return fail('area.empty')
  if (text.startsWith('-')) return /\d/.test(text) ? fail('area.negative') : fail('area.invalid')
  if (/^\+?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(text)) return fail('area.exponent')
  const m = PLAIN_DECIMAL.exec(text)
  if (!m) return fail('area.invalid')
  const intPart = (m[1] ?? '').replace(/^0+(?=\d)/, '')
  const fracPart = m[2] ?? ''
  if (fracPart.length > 2) return fail('area.too_many_decimals')
  if (intPart.length > MAX_INTEGER_DIGITS) return fail('area.too_large')
  const centi = Number(intPart) * 100 + Number(fracPart.padEnd(2, '0'))
  return { ok: true, centi }
}

/** Like tryParseAreaCenti but throws AreaError. */
export function parseAreaCenti(input: string): number {
  const r = tryParseAreaCenti(input)
  if (!r.ok) throw r.error
  return r.centi
}

export function assertSafeCenti(centi: number): void {
  if (!Number.isSafeInteger(centi) || centi < 0) {
    throw new RangeError(`area in centi-m² must be a non-negative safe integer, got ${centi}`)
  }
}

/** 1234567 → "12345.67"; 8250 → "82.50"; 0 → "0.00". */
export function formatAreaCenti(centi: number): string {
  assertSafeCenti(centi)
  const whole = Math.floor(centi / 100)
  const frac = centi % 100
  return `${whole}.${frac.toString().padStart(2, '0')}`
}

/** Exact sum; throws if the total leaves the safe-integer range. */
export function sumCenti(values: Iterable<number>): number {
  let total = 0
  for (const v of values) {
    assertSafeCenti(v)
    total += v
    assertSafeCenti(total)
  }
  return total
}

/**
 * part / whole ≥ num / den, evaluated as part·den ≥ whole·num on integers (never dividing).
 * Used for "以上" thresholds, which include the boundary (Civil Code Art. 1259).
 */
export function atLeastFraction(part: number, whole: number, num: number, den: number): boolean {
  const lhs = part * den
  const rhs = whole * num
  assertSafeCenti(lhs)
  assertSafeCenti(rhs)
  return lhs >= rhs
}

/** part / whole > num / den strictly — for "过半数/超过", which exclude the boundary. */
export function moreThanFraction(part: number, whole: number, num: number, den: number): boolean {
  const lhs = part * den
  const rhs = whole * num
  assertSafeCenti(lhs)
  assertSafeCenti(rhs)
  return lhs > rhs
}
