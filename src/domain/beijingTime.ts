/**
 * Dates and times as people read them, in Beijing time (the councils' clock, whatever the device or
 * server says): zh-CN "2026年12月2日 周三 08:00", English "Wed 2 Dec 2026 08:00". Pure, so the
 * server's refusal reasons and the screens (src/i18n/dates.ts, which picks the UI language) say a
 * time the same way. Never an ISO string where a person reads.
 */
export type DateLang = 'zh-CN' | 'en'

const SHANGHAI_OFFSET_MS = 8 * 3_600_000
const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
export const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** A wall-clock time with no zone ("2026-12-02T08:00", "2026-12-02 08:00", "2026-12-02"): Beijing. */
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?(?::\d{2}(?:\.\d+)?)?$/

export interface BeijingParts {
  y: number
  m: number
  d: number
  wd: number
  hh: number
  mm: number
  hasTime: boolean
}

export type Moment = number | string | Date | null | undefined

/** Epoch ms, an ISO string with a zone, or a Beijing wall-clock string → parts; null if unreadable. */
export function beijingParts(at: Moment): BeijingParts | null {
  if (at === null || at === undefined || at === '') return null
  let ms: number
  let hasTime = true
  if (typeof at === 'string') {
    const wall = WALL_CLOCK.exec(at.trim())
    if (wall) {
      hasTime = wall[4] !== undefined
      ms = Date.UTC(+wall[1]!, +wall[2]! - 1, +wall[3]!, +(wall[4] ?? 0), +(wall[5] ?? 0)) - SHANGHAI_OFFSET_MS
    } else ms = Date.parse(at)
  } else ms = at instanceof Date ? at.getTime() : at
  if (!Number.isFinite(ms)) return null
  const b = new Date(ms + SHANGHAI_OFFSET_MS)
  return {
    y: b.getUTCFullYear(),
    m: b.getUTCMonth() + 1,
    d: b.getUTCDate(),
    wd: b.getUTCDay(),
    hh: b.getUTCHours(),
    mm: b.getUTCMinutes(),
    hasTime,
  }
}

/** A Beijing wall-clock string ("2026-12-02T08:00") or zoned ISO → epoch ms; null if empty/unreadable. */
export function beijingMs(at: string | null | undefined): number | null {
  if (!at) return null
  const wall = WALL_CLOCK.exec(at.trim())
  const ms = wall
    ? Date.UTC(+wall[1]!, +wall[2]! - 1, +wall[3]!, +(wall[4] ?? 0), +(wall[5] ?? 0)) - SHANGHAI_OFFSET_MS
    : Date.parse(at)
  return Number.isFinite(ms) ? ms : null
}

const pad = (n: number) => String(n).padStart(2, '0')

/** 2026年12月2日 周三 / Wed 2 Dec 2026 (no time); an unreadable string is returned as it is. */
export function dateIn(lang: DateLang, at: Moment, fallback = '—'): string {
  const p = beijingParts(at)
  if (!p) return typeof at === 'string' && at ? at : fallback
  return lang === 'zh-CN'
    ? `${p.y}年${p.m}月${p.d}日 ${WEEKDAYS_ZH[p.wd]}`
    : `${WEEKDAYS_EN[p.wd]} ${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}`
}

/** 2026年12月2日 周三 08:00 (a date-only string gives just the date). */
export function dateTimeIn(lang: DateLang, at: Moment, fallback = '—'): string {
  const p = beijingParts(at)
  if (!p) return typeof at === 'string' && at ? at : fallback
  const date = dateIn(lang, at, fallback)
  return p.hasTime ? `${date} ${pad(p.hh)}:${pad(p.mm)}` : date
}

/** 08:00 */
export function timeOf(at: Moment, fallback = '—'): string {
  const p = beijingParts(at)
  return p ? `${pad(p.hh)}:${pad(p.mm)}` : fallback
}
