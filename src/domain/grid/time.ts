/**
 * Time rules of the grid feature, in Asia/Shanghai days (UTC+8, no daylight saving since 1991)
 * whatever the device's zone. Instants are epoch milliseconds; the clock is injected everywhere.
 * Periods follow the field's rhythm: 日调度 day, 周报告 week (Monday–Sunday), 月总结 month,
 * 季观摩 quarter, 年度考核 year.
 */
export type Clock = () => number
export const systemClock: Clock = () => Date.now()

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
export const DAY_MS = 86_400_000

/** The calendar day (`YYYY-MM-DD`) in Asia/Shanghai at instant `ms`. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
export function shanghaiMinute(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** ISO 8601 with the +08:00 offset (what Open311 consumers in China expect to read). */
export function shanghaiIso(ms: number): string {
  return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`
}

/** 00:00 Beijing time of the day holding `ms`. */
export function startOfShanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS
}

/** The last millisecond of the Beijing day holding `ms`: the same-day (当日办结) deadline. */
export function endOfShanghaiDay(ms: number): number {
  return startOfShanghaiDay(ms) + DAY_MS - 1
}

export const sameShanghaiDay = (a: number, b: number): boolean => startOfShanghaiDay(a) === startOfShanghaiDay(b)

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year'
export const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year']

export interface Period {
  kind: PeriodKind
  /** inclusive start, epoch ms (00:00 Beijing) */
  start: number
  /** exclusive end */
  end: number
  /** e.g. 2025-03-04, 2025-W10, 2025-03, 2025-Q1, 2025 */
  label: string
}

/** Shanghai wall-clock calendar fields of `ms` (as if UTC). */
function wall(ms: number): { y: number; m: number; d: number; dow: number } {
  const w = new Date(ms + SHANGHAI_OFFSET_MS)
  return { y: w.getUTCFullYear(), m: w.getUTCMonth(), d: w.getUTCDate(), dow: (w.getUTCDay() + 6) % 7 }
}
const fromWall = (y: number, m: number, d: number): number => Date.UTC(y, m, d) - SHANGHAI_OFFSET_MS

function isoWeekLabel(start: number): string {
  // ISO week: the week's Thursday decides the year.
  const thu = start + 3 * DAY_MS
  const { y } = wall(thu)
  const jan1 = fromWall(y, 0, 1)
  const week = Math.floor((thu - jan1) / DAY_MS / 7) + 1
  return `${y}-W${String(week).padStart(2, '0')}`
}

/** The period of `kind` that contains instant `ms`. */
export function periodAt(kind: PeriodKind, ms: number): Period {
  const { y, m, d, dow } = wall(ms)
  switch (kind) {
    case 'day': {
      const start = fromWall(y, m, d)
      return { kind, start, end: start + DAY_MS, label: shanghaiDay(start) }
    }
    case 'week': {
      const start = fromWall(y, m, d - dow)
      return { kind, start, end: start + 7 * DAY_MS, label: isoWeekLabel(start) }
    }
    case 'month':
      return {
        kind,
        start: fromWall(y, m, 1),
        end: fromWall(y, m + 1, 1),
        label: `${y}-${String(m + 1).padStart(2, '0')}`,
      }
    case 'quarter': {
      const q = Math.floor(m / 3)
      return { kind, start: fromWall(y, q * 3, 1), end: fromWall(y, q * 3 + 3, 1), label: `${y}-Q${q + 1}` }
    }
    case 'year':
      return { kind, start: fromWall(y, 0, 1), end: fromWall(y + 1, 0, 1), label: String(y) }
  }
}

/** `count` consecutive periods ending with the one containing `ms` (oldest first). */
export function periodsUpTo(kind: PeriodKind, ms: number, count: number): Period[] {
  const out: Period[] = []
  let p = periodAt(kind, ms)
  for (let i = 0; i < count; i++) {
    out.unshift(p)
    p = periodAt(kind, p.start - 1)
  }
  return out
}
