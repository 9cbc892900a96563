/**
 * Dates and times as people read them, always in Beijing time (the councils' clock, whatever the
 * device says): zh-CN "2026年12月2日 周三 08:00", English "Wed 2 Dec 2026 08:00". Never an ISO
 * string on screen or on paper.
 */
import { locale } from './index'

const SHANGHAI_OFFSET_MS = 8 * 3_600_000
const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** A wall-clock time with no zone ("2026-12-02T08:00", "2026-12-02 08:00", "2026-12-02"): Beijing. */
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?(?::\d{2}(?:\.\d+)?)?$/

interface Parts {
  y: number
  m: number
  d: number
  wd: number
  hh: number
  mm: number
  hasTime: boolean
}

/** Epoch ms, an ISO string with a zone, or a Beijing wall-clock string → parts; null if unreadable. */
export function beijingParts(at: number | string | Date | null | undefined): Parts | null {
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

/** 2026年12月2日 周三 (no time). */
export function formatDate(at: number | string | Date | null | undefined, fallback = '—'): string {
  const p = beijingParts(at)
  if (!p) return typeof at === 'string' && at ? at : fallback
  return locale() === 'zh-CN'
    ? `${p.y}年${p.m}月${p.d}日 ${WEEKDAYS_ZH[p.wd]}`
    : `${WEEKDAYS_EN[p.wd]} ${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}`
}

/** 2026年12月2日 周三 08:00 (a date-only string gives just the date). */
export function formatDateTime(at: number | string | Date | null | undefined, fallback = '—'): string {
  const p = beijingParts(at)
  if (!p) return typeof at === 'string' && at ? at : fallback
  const date = formatDate(at, fallback)
  return p.hasTime ? `${date} ${pad(p.hh)}:${pad(p.mm)}` : date
}

/** 08:00 */
export function formatTime(at: number | string | Date | null | undefined, fallback = '—'): string {
  const p = beijingParts(at)
  return p ? `${pad(p.hh)}:${pad(p.mm)}` : fallback
}

/** A week as people say it: 2026年11月30日–12月6日, from an ISO week key like 2026-W49. */
export function formatIsoWeek(key: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(key)
  if (!m) return key
  const year = +m[1]!
  const week = +m[2]!
  // ISO week 1 holds the year's first Thursday; its Monday is the week's start
  const jan4 = Date.UTC(year, 0, 4)
  const jan4Day = (new Date(jan4).getUTCDay() + 6) % 7
  const monday = jan4 - jan4Day * 86_400_000 + (week - 1) * 7 * 86_400_000
  const sunday = monday + 6 * 86_400_000
  const a = new Date(monday)
  const b = new Date(sunday)
  if (locale() === 'zh-CN') {
    return `${a.getUTCFullYear()}年${a.getUTCMonth() + 1}月${a.getUTCDate()}日–${b.getUTCMonth() + 1}月${b.getUTCDate()}日`
  }
  return `${a.getUTCDate()} ${MONTHS_EN[a.getUTCMonth()]} – ${b.getUTCDate()} ${MONTHS_EN[b.getUTCMonth()]} ${b.getUTCFullYear()}`
}

/** A reporting period as people say it: 2026年12月2日 / 2026年11月30日–12月6日 / 2026年12月 / 2026年第4季度. */
export function formatPeriod(p: { kind: string; start: number; end: number }): string {
  const a = beijingParts(p.start)
  if (!a) return ''
  const zh = locale() === 'zh-CN'
  switch (p.kind) {
    case 'day':
      return formatDate(p.start)
    case 'month':
      return zh ? `${a.y}年${a.m}月` : `${MONTHS_EN[a.m - 1]} ${a.y}`
    case 'quarter': {
      const q = Math.floor((a.m - 1) / 3) + 1
      return zh ? `${a.y}年第${q}季度` : `Q${q} ${a.y}`
    }
    default: {
      const b = beijingParts(p.end - 1)
      if (!b) return ''
      return zh
        ? `${a.y}年${a.m}月${a.d}日–${b.m}月${b.d}日`
        : `${a.d} ${MONTHS_EN[a.m - 1]} – ${b.d} ${MONTHS_EN[b.m - 1]} ${b.y}`
    }
  }
}
