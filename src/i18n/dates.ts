/**
 * Dates and times as people read them, always in Beijing time (the councils' clock, whatever the
 * device says): zh-CN "2026年12月2日 周三 08:00", English "Wed 2 Dec 2026 08:00". Never an ISO
 * string on screen or on paper.
 */
import {
  beijingMs,
  beijingParts,
  dateIn,
  dateTimeIn,
  MONTHS_EN,
  timeOf,
  type DateLang,
  type Moment,
} from '../domain/beijingTime'
import { locale } from './index'

export { beijingMs, beijingParts }

/** 2026年12月2日 周三 (no time); `lang` forces a language (the printed agreement is always Chinese). */
export function formatDate(at: Moment, fallback = '—', lang: DateLang = locale()): string {
  return dateIn(lang, at, fallback)
}

/** 2026年12月2日 周三 08:00 (a date-only string gives just the date). */
export function formatDateTime(at: Moment, fallback = '—', lang: DateLang = locale()): string {
  return dateTimeIn(lang, at, fallback)
}

/** 08:00 */
export function formatTime(at: Moment, fallback = '—'): string {
  return timeOf(at, fallback)
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
