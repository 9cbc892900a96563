import { describe, expect, it } from 'vitest'
import { daysOverdue, followUpState, followUps, shanghaiDay } from '../../../../src/domain/meetings/followUps'
import type { ActionEntry } from '../../../../src/domain/meetings/queries'

const item = (id: string, due: string, doneAt: string | null = null): ActionEntry => ({
  id,
  meetingId: 'm_1',
  what: `事项${id}`,
  owner: '李楼长',
  due,
  createdBy: 'u',
  createdAt: '2025-03-01T00:00:00Z',
  doneAt,
})
const at = (iso: string) => () => Date.parse(iso)

describe('follow-ups (Asia/Shanghai days)', () => {
  it('counts the day in Beijing time, not the device or UTC day', () => {
    expect(shanghaiDay(Date.parse('2025-03-10T15:59:59Z'))).toBe('2025-03-10') // 23:59:59 in Beijing
    expect(shanghaiDay(Date.parse('2025-03-10T16:00:00Z'))).toBe('2025-03-11') // 00:00 next day
    expect(shanghaiDay(Date.parse('2024-12-31T16:30:00Z'))).toBe('2025-01-01')
  })

  it('an item due today is not overdue until 00:00 Beijing time the next day', () => {
    const a = item('a', '2025-03-10')
    expect(followUpState(a, Date.parse('2025-03-09T16:00:00Z'))).toBe('due-today') // 3-10 00:00 CST
    expect(followUpState(a, Date.parse('2025-03-10T15:59:59.999Z'))).toBe('due-today') // 3-10 23:59:59 CST
    expect(followUpState(a, Date.parse('2025-03-10T16:00:00Z'))).toBe('overdue') // 3-11 00:00 CST
    expect(followUpState(a, Date.parse('2025-03-09T15:59:59Z'))).toBe('open')
    // Same UTC date as the due day, but already the next day in Beijing.
    expect(followUpState(a, Date.parse('2025-03-10T20:00:00Z'))).toBe('overdue')
    expect(daysOverdue('2025-03-10', Date.parse('2025-03-10T16:00:00Z'))).toBe(1)
    expect(daysOverdue('2025-02-27', Date.parse('2025-03-02T01:00:00Z'))).toBe(3) // across month end
    expect(followUpState(item('b', '2025-03-01', '2025-03-05T00:00:00Z'), Date.parse('2025-04-01T00:00:00Z'))).toBe(
      'done',
    )
  })

  it('lists overdue first (most overdue on top), then due today, open, done', () => {
    const list = followUps(
      [
        item('1', '2025-03-20'),
        item('2', '2025-03-08'),
        item('3', '2025-03-10'),
        item('4', '2025-03-01', '2025-03-02T00:00:00Z'),
        item('5', '2025-03-05'),
      ],
      at('2025-03-10T02:00:00Z'),
    )
    expect(list.map((f) => [f.id, f.state, f.daysOverdue])).toEqual([
      ['5', 'overdue', 5],
      ['2', 'overdue', 2],
      ['3', 'due-today', 0],
      ['1', 'open', 0],
      ['4', 'done', 0],
    ])
  })
})
