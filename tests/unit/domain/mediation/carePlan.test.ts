import { describe, expect, it } from 'vitest'
import { careStatus, DEFAULT_PHASES, scheduleDays, type Plan } from '../../../../src/domain/mediation/carePlan'
import type { Visit } from '../../../../src/domain/mediation/schema'

const plan: Plan = { startDay: '2025-01-28', phases: DEFAULT_PHASES, endedDay: null }
const visit = (day: string): Visit => ({
  id: `v${day}`,
  day,
  at: 0,
  by: 'u',
  byName: '',
  how: 'phone',
  state: 'stable',
  notes: '',
  satisfaction: 0,
})

describe('care plan schedule', () => {
  it('daily ×7, weekly ×4, monthly ×3, across month ends', () => {
    const d = scheduleDays(plan)
    expect(d.slice(0, 7)).toEqual([
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
      '2025-02-03',
      '2025-02-04',
    ])
    expect(d.slice(7, 11)).toEqual(['2025-02-11', '2025-02-18', '2025-02-25', '2025-03-04'])
    expect(d.slice(11)).toEqual(['2025-04-04', '2025-05-04', '2025-06-04'])
  })
  it('monthly slots clamp at month ends without drifting (counted from the phase start)', () => {
    expect(scheduleDays({ startDay: '2025-01-31', phases: [{ unit: 'month', count: 3 }], endedDay: null })).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
    ])
  })
  it('an ended plan has no slots after the end', () => {
    expect(scheduleDays({ ...plan, endedDay: '2025-01-31' })).toEqual(['2025-01-29', '2025-01-30', '2025-01-31'])
  })
})

describe('overdue', () => {
  it('a missed visit across the month end is overdue the next day', () => {
    const s = careStatus(plan, [visit('2025-01-29'), visit('2025-01-30')], '2025-02-01')
    expect(s.overdueSince).toBe('2025-01-31')
    expect(s.overdueDays).toBe(1)
    expect(s.slots.slice(0, 4).map((x) => x.state)).toEqual(['done', 'done', 'missed', 'due-today'])
    expect(s.dueToday).toBe(true)
  })
  it('due today is not overdue', () => {
    const s = careStatus(plan, [visit('2025-01-29')], '2025-01-30')
    expect(s.overdueSince).toBeNull()
    expect(s.dueToday).toBe(true)
  })
  it('a later contact catches up but the missed slot still counts against the on-time rate', () => {
    const s = careStatus(plan, [visit('2025-01-29'), visit('2025-02-01')], '2025-02-01')
    expect(s.overdueSince).toBeNull()
    expect(s.missed).toBe(2)
    expect(s.done).toBe(2)
    expect(s.onTimeRate).toBe(0.5)
  })
  it('weekly windows: one visit anywhere in the week is on time', () => {
    const p: Plan = { startDay: '2025-02-20', phases: [{ unit: 'week', count: 2 }], endedDay: null }
    expect(careStatus(p, [visit('2025-02-23')], '2025-03-08').slots.map((x) => x.state)).toEqual(['done', 'missed'])
    expect(careStatus(p, [visit('2025-02-23')], '2025-03-08').overdueSince).toBe('2025-03-06')
  })
  it('complete once every slot is behind us, or when ended', () => {
    const p: Plan = { startDay: '2025-02-27', phases: [{ unit: 'day', count: 2 }], endedDay: null }
    expect(careStatus(p, [], '2025-02-28').complete).toBe(false)
    expect(careStatus(p, [visit('2025-02-28'), visit('2025-03-01')], '2025-03-01').complete).toBe(true)
    expect(careStatus({ ...p, endedDay: '2025-02-27' }, [], '2025-02-27').complete).toBe(true)
  })
})
