/** The canvass form's entry check: the server's visit predicate with the scope variant the server picks. */
import { describe, expect, it } from 'vitest'
import { effectiveRule, type Role } from '../../../src/domain/access/policy'
import { mayRecordVisit, visitEntryProblem, type VisitWriter } from '../../../src/ui/canvass/visitCheck'

const writer = (roles: Role[], scope: VisitWriter['actor']['scope'] = {}): VisitWriter => {
  const rule = effectiveRule(roles, 'canvass')
  return {
    actor: { userId: 'u1', roles, scope },
    conditions: rule.level === 'write' ? 'write' : rule.level === 'cond' ? (rule.conditions ?? []) : [],
  }
}
const visit = (householdId: string, visitor = 'u1') => ({
  v: 1,
  proposalId: 'p_1',
  versionNo: 1,
  householdId,
  outcome: 'visited',
  metName: '张三',
  opinions: {},
  remark: '',
  visitor,
  visitorName: '李四',
  device: 'd1',
  at: '2026-12-02T01:00:00.000Z',
})

describe('visit entry check', () => {
  const head = writer(['unit_head'], { units: ['1-2'] })
  it('a unit head records a flat of their unit', () => {
    expect(visitEntryProblem(head, visit('1-2-0101'))).toBeNull()
    expect(mayRecordVisit(head, '1-2-0101')).toBe(true)
  })
  it('a unit head is refused a flat outside their unit, with the server code', () => {
    expect(visitEntryProblem(head, visit('2-2-0101'))?.code).toBe('out-of-scope')
    expect(mayRecordVisit(head, '2-2-0101')).toBe(false)
  })
  it('a visit in someone else’s name is refused', () => {
    expect(visitEntryProblem(head, visit('1-2-0101', 'u2'))?.code).toBe('forbidden')
  })
  it('the chair records any flat', () => {
    const chair = writer(['chair'])
    expect(visitEntryProblem(chair, visit('9-9-0909'))).toBeNull()
    expect(mayRecordVisit(chair, '9-9-0909')).toBe(true)
  })
  it('a resident (no visit rule) records nothing', () => {
    const resident = writer(['resident'], { households: ['1-2-0101'] })
    expect(visitEntryProblem(resident, visit('1-2-0101'))?.code).toBe('read-only')
    expect(mayRecordVisit(resident, '1-2-0101')).toBe(false)
    expect(visitEntryProblem(null, visit('1-2-0101'))?.code).toBe('read-only')
  })
  it('an invalid record is refused before any scope question', () => {
    expect(visitEntryProblem(head, { ...visit('1-2-0101'), outcome: 'maybe' })?.code).toBe('invalid')
  })
})
