/**
 * Reporting periods of the org dashboards (周/月/季度/年, Beijing calendar) and their labels as
 * people say them: "2026年12月第1周（11月30日–12月6日）", never "2026-W49". A week belongs to the
 * month holding its Thursday (so weeks straddling two months are counted once, like ISO weeks) and
 * is numbered within that month.
 */
import { DAY_MS, periodAt, type Period } from '../../domain/grid/time'
import type { DashboardPeriod } from '../../domain/org/dashboard'
import { locale } from '../../i18n'
import { beijingParts } from '../../i18n/dates'

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export const periodOf = (kind: DashboardPeriod, at: number): Period => periodAt(kind, at)
export const previousPeriod = (p: Period): Period => periodAt(p.kind, p.start - 1)
export const nextPeriod = (p: Period): Period => periodAt(p.kind, p.end)

/** The month a week belongs to (its Thursday's) and the week's number in it (1–5). */
export function weekOfMonth(weekStart: number): { y: number; m: number; n: number } {
  const thu = beijingParts(weekStart + 3 * DAY_MS)!
  return { y: thu.y, m: thu.m, n: Math.ceil(thu.d / 7) }
}

const p = (ms: number) => beijingParts(ms)!

/** The full label: headings, the printed report, the period switch. */
export function periodLabel(period: { kind: string; start: number; end: number }): string {
  const zh = locale() === 'zh-CN'
  const a = p(period.start)
  const b = p(period.end - 1)
  switch (period.kind) {
    case 'week': {
      const w = weekOfMonth(period.start)
      return zh
        ? `${w.y}年${w.m}月第${w.n}周（${a.m}月${a.d}日–${b.m}月${b.d}日）`
        : `Week ${w.n} of ${MONTHS_EN[w.m - 1]} ${w.y} (${a.d} ${MONTHS_EN[a.m - 1]} – ${b.d} ${MONTHS_EN[b.m - 1]})`
    }
    case 'month':
      return zh ? `${a.y}年${a.m}月` : `${MONTHS_EN[a.m - 1]} ${a.y}`
    case 'quarter': {
      const q = Math.floor((a.m - 1) / 3) + 1
      return zh
        ? `${a.y}年第${q}季度（${a.m}月–${b.m}月）`
        : `Q${q} ${a.y} (${MONTHS_EN[a.m - 1]}–${MONTHS_EN[b.m - 1]})`
    }
    default:
      return zh ? `${a.y}年` : String(a.y)
  }
}

/** A short label for a chart axis: 12月第1周, 12月, 第4季度, 2026年. */
export function shortPeriodLabel(period: { kind: string; start: number }): string {
  const zh = locale() === 'zh-CN'
  const a = p(period.start)
  switch (period.kind) {
    case 'week': {
      const w = weekOfMonth(period.start)
      return zh ? `${w.m}月第${w.n}周` : `${MONTHS_EN[w.m - 1]} W${w.n}`
    }
    case 'month':
      return zh ? `${a.m}月` : MONTHS_EN[a.m - 1]!
    case 'quarter': {
      const q = Math.floor((a.m - 1) / 3) + 1
      return zh ? `${a.y}年第${q}季度` : `Q${q} ${a.y}`
    }
    default:
      return zh ? `${a.y}年` : String(a.y)
  }
}
