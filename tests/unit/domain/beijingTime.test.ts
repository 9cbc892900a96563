/** One way to say a time (issue 17): Beijing wall clock, Chinese or English, never ISO — also in the server's refusal reasons. */
import { describe, expect, it } from 'vitest'
import { beijingMs, dateIn, dateTimeIn } from '../../../src/domain/beijingTime'
import { ballotWindowProblem, voteStatusProblem } from '../../../src/domain/voting/writeRules'

describe('beijingTime', () => {
  it('says a wall-clock time, an instant and a bare day in Chinese and English', () => {
    expect(dateTimeIn('zh-CN', '2026-12-02T08:00')).toBe('2026年12月2日 周三 08:00')
    expect(dateTimeIn('zh-CN', Date.UTC(2026, 11, 2, 0, 0))).toBe('2026年12月2日 周三 08:00')
    expect(dateTimeIn('en', '2026-12-02T08:00')).toBe('Wed 2 Dec 2026 08:00')
    expect(dateIn('zh-CN', '2025-03-03')).toBe('2025年3月3日 周一')
    expect(dateTimeIn('zh-CN', '2025-03-03')).toBe('2025年3月3日 周一')
    expect(beijingMs('2026-12-02T08:00')).toBe(Date.UTC(2026, 11, 2, 0, 0))
  })

  it('refusal reasons of the ballot window and the status carry no ISO time and no English status', () => {
    const opens = '2026-12-02T08:00'
    const early = ballotWindowProblem({ status: 'open', opensAt: opens }, 0, beijingMs(opens)! - 60_000)
    expect(early?.code).toBe('not-yet-open')
    expect(early?.message).toContain('2026年12月2日 周三 08:00')
    expect(early?.message).not.toMatch(/\d{4}-\d{2}-\d{2}T/)
    const late = ballotWindowProblem(
      { status: 'open', closesAt: '2026-12-02T20:00' },
      beijingMs('2026-12-02T21:00')!,
      beijingMs('2026-12-02T21:01')!,
    )
    expect(late?.message).toContain('2026年12月2日 周三 20:00')
    const actor = { userId: 'u1', roles: ['chair'], scope: {} }
    const back = voteStatusProblem(actor, 'closed', 'open', { openedBy: 'u1', closedBy: undefined }, 1)
    expect(back?.message).toBe('表决状态不能从「已结束」改为「进行中」')
  })
})
