import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  addDays,
  addMonths,
  daysBetween,
  fromShanghaiLocal,
  shanghaiDay,
  toShanghaiLocal,
} from '../../../../src/domain/mediation/time'

describe('Asia/Shanghai calendar days', () => {
  it('a UTC evening is already the next day in Shanghai', () => {
    expect(shanghaiDay(Date.parse('2025-01-31T15:59:59Z'))).toBe('2025-01-31')
    expect(shanghaiDay(Date.parse('2025-01-31T16:00:00Z'))).toBe('2025-02-01')
    expect(shanghaiDay(Date.parse('2024-12-31T16:30:00Z'))).toBe('2025-01-01')
  })
  it('local wall time round-trips', () => {
    const ms = fromShanghaiLocal('2025-03-01T00:05')!
    expect(new Date(ms).toISOString()).toBe('2025-02-28T16:05:00.000Z')
    expect(toShanghaiLocal(ms)).toBe('2025-03-01T00:05')
  })
  it('adds days across month and year ends, including 29 February', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2025-12-31', 30)).toBe('2026-01-30')
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29)
  })
  it('months clamp to the last day of the month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28')
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28')
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15')
  })
  it('addDays and daysBetween agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.integer({ min: -400, max: 400 }), (base, n) => {
        const d = shanghaiDay(Date.UTC(2000, 0, 1) + base * 86_400_000)
        expect(daysBetween(d, addDays(d, n))).toBe(n)
      }),
    )
  })
})
