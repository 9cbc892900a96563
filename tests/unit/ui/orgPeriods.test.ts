/** Report periods of the org dashboards, labelled as people say them (never 2026-W49). */
import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../src/i18n'
import {
  nextPeriod,
  periodLabel,
  periodOf,
  previousPeriod,
  shortPeriodLabel,
  weekOfMonth,
} from '../../../src/ui/org/periods'

const at = (s: string) => Date.parse(`${s}+08:00`)

afterEach(() => setLocale('zh-CN'))

describe('org dashboard periods', () => {
  it('names a week by its month and number, with its days', () => {
    const w = periodOf('week', at('2026-12-02T10:00:00'))
    expect(w.start).toBe(at('2026-11-30T00:00:00'))
    expect(periodLabel(w)).toBe('2026年12月第1周（11月30日–12月6日）')
    expect(shortPeriodLabel(w)).toBe('12月第1周')
    // a week whose Thursday is still in November belongs to November
    const prev = previousPeriod(w)
    expect(periodLabel(prev)).toBe('2026年11月第4周（11月23日–11月29日）')
    // the first week of a year can start in the year before
    expect(periodLabel(periodOf('week', at('2026-01-01T09:00:00')))).toBe('2026年1月第1周（12月29日–1月4日）')
    expect(weekOfMonth(at('2026-12-28T00:00:00'))).toEqual({ y: 2026, m: 12, n: 5 })
    expect(periodLabel(w)).not.toMatch(/W\d/)
  })

  it('months, quarters and years; previous/next step whole periods in Beijing time', () => {
    const m = periodOf('month', at('2026-12-31T23:30:00'))
    expect(periodLabel(m)).toBe('2026年12月')
    expect(periodLabel(nextPeriod(m))).toBe('2027年1月')
    const q = periodOf('quarter', at('2026-12-02T10:00:00'))
    expect(periodLabel(q)).toBe('2026年第4季度（10月–12月）')
    expect(periodLabel(previousPeriod(q))).toBe('2026年第3季度（7月–9月）')
    expect(periodLabel(periodOf('year', at('2026-12-02T10:00:00')))).toBe('2026年')
    // 00:30 on 1 Jan in Beijing is still 31 Dec in UTC: the Beijing year counts
    expect(periodLabel(periodOf('year', at('2027-01-01T00:30:00')))).toBe('2027年')
  })

  it('English labels', () => {
    setLocale('en')
    expect(periodLabel(periodOf('week', at('2026-12-02T10:00:00')))).toBe('Week 1 of Dec 2026 (30 Nov – 6 Dec)')
    expect(periodLabel(periodOf('quarter', at('2026-12-02T10:00:00')))).toBe('Q4 2026 (Oct–Dec)')
  })
})
