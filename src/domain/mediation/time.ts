/**
 * Calendar arithmetic for mediation deadlines, in Asia/Shanghai calendar days whatever the device's
 * own time zone. China has had no daylight saving since 1991, so Shanghai is a fixed UTC+8 and
 * a day is computed from the instant with plain arithmetic (no Intl, no tz database needed).
 *
 * Instants are epoch milliseconds; calendar days are 'YYYY-MM-DD' strings (`Day`). Every rule that
 * needs "now" takes a `Clock` so tests (and the e2e dev clock) can inject one.
 */
export type Clock = () => number
export const systemClock: Clock = () => Date.now()

/** 'YYYY-MM-DD' */
export type Day = string

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/

/** The Shanghai calendar day of an instant. */
export function shanghaiDay(ms: number): Day {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** Shanghai wall-clock 'YYYY-MM-DD HH:mm' of an instant (for display and print). */
export function shanghaiDateTime(ms: number): string {
  const iso = new Date(ms + SHANGHAI_OFFSET_MS).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}

/** The instant of a Shanghai wall-clock time 'YYYY-MM-DDTHH:mm' (as a datetime-local input gives). */
export function fromShanghaiLocal(local: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(local)
  if (!m) return null
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) - SHANGHAI_OFFSET_MS
  return Number.isFinite(ms) ? ms : null
}

/** 'YYYY-MM-DDTHH:mm' in Shanghai for a datetime-local input. */
export function toShanghaiLocal(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16)
}

export function today(clock: Clock): Day {
  return shanghaiDay(clock())
}

function dayToUtc(day: Day): number {
  if (!DAY_PATTERN.test(day)) throw new Error(`not a day: ${day}`)
  return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10))
}

export function isDay(s: unknown): s is Day {
  if (typeof s !== 'string' || !DAY_PATTERN.test(s)) return false
  return new Date(dayToUtc(s)).toISOString().slice(0, 10) === s
}

export function addDays(day: Day, n: number): Day {
  return new Date(dayToUtc(day) + n * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((dayToUtc(b) - dayToUtc(a)) / DAY_MS)
}

/**
 * Same day-of-month `n` months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29),
 * as 民法典 Art. 202 does for periods in months.
 */
export function addMonths(day: Day, n: number): Day {
  const y = +day.slice(0, 4)
  const m = +day.slice(5, 7) - 1 + n
  const d = +day.slice(8, 10)
  const year = y + Math.floor(m / 12)
  const month = ((m % 12) + 12) % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10)
}

/** 'YYYY-MM' of a day. */
export const monthOf = (day: Day): string => day.slice(0, 7)
