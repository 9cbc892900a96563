/** The grid forms' entry checks: the server's event/step predicates over the records as stored, plus step order. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { effectiveRule, type Role } from '../../../src/domain/access/policy'
import { eventRecord, type NewEvent, reportEvent, stepRecord } from '../../../src/domain/grid/events'
import { newEventId } from '../../../src/domain/grid/ids'
import { ROOTS } from '../../../src/domain/grid/schema'
import { eventEntryProblem, type GridWriter, stepEntryProblem } from '../../../src/ui/grid/eventChecks'
import { unwrap } from '../../../src/domain/result'

const writer = (userId: string, roles: Role[], households: string[] = []): GridWriter => {
  const rule = effectiveRule(roles, 'event')
  return {
    actor: { userId, roles, scope: { households } },
    conditions: rule.level === 'write' ? 'write' : rule.level === 'cond' ? (rule.conditions ?? []) : [],
  }
}
const input = (source: 'worker' | 'resident', householdId?: string): NewEvent => ({
  category: 'facility',
  title: '路灯不亮',
  description: '',
  place: '3号楼东侧',
  ...(householdId ? { householdId, building: householdId.split('-')[0] } : {}),
  gridId: null,
  source,
  foundAt: 1,
})

describe('event entry check', () => {
  it('a grid worker reports as worker; a resident only as resident', () => {
    const worker = writer('w', ['grid_worker'])
    const resident = writer('r', ['resident'], ['3-1-0201'])
    const rec = (w: GridWriter, src: 'worker' | 'resident') =>
      eventRecord(input(src, '3-1-0201'), { userId: w.actor.userId, name: '某' }, 5, newEventId())
    expect(eventEntryProblem(worker, rec(worker, 'worker'))).toBeNull()
    expect(eventEntryProblem(resident, rec(resident, 'resident'))).toBeNull()
    expect(eventEntryProblem(resident, rec(resident, 'worker'))?.code).toBe('forbidden')
  })
  it('an event without a title is refused before anything is written', () => {
    const worker = writer('w', ['grid_worker'])
    const r = eventRecord({ ...input('worker'), title: '' }, { userId: 'w', name: '网格员' }, 5, newEventId())
    expect(eventEntryProblem(worker, r)?.code).toBe('event-invalid')
  })
  it('someone without the event rule records nothing', () => {
    expect(eventEntryProblem(null, { eventId: 'e_1' })?.code).toBe('read-only')
  })
})

describe('step entry check', () => {
  const doc = new Y.Doc()
  const id = unwrap(reportEvent(doc, input('worker', '3-1-0201'), { userId: 'w', name: '网格员' }, 10))
  const stored = doc.getMap(ROOTS.events).get(id)
  const open = { closed: false }
  const closed = { closed: true }
  const worker = writer('w', ['grid_worker'])
  const chair = writer('c', ['chair'])
  const resident = writer('r', ['resident'], ['3-1-0201'])
  const due = { kind: 'body' as const, name: '物业' }
  const assign = (w: GridWriter) =>
    stepRecord(doc, id, { kind: 'assign', assignee: due, dueAt: 99 }, { userId: w.actor.userId, name: 'x' }, 20)
  const handle = (w: GridWriter) =>
    stepRecord(doc, id, { kind: 'handle', note: '已修好' }, { userId: w.actor.userId, name: 'x' }, 20)
  const rate = (w: GridWriter) =>
    stepRecord(doc, id, { kind: 'rate', satisfaction: 5 }, { userId: w.actor.userId, name: 'x' }, 20)

  it('only the chair/secretary assign', () => {
    expect(stepEntryProblem(chair, open, assign(chair), stored)).toBeNull()
    expect(stepEntryProblem(worker, open, assign(worker), stored)?.code).toBe('forbidden')
  })
  it('residents do not record handling; staff do', () => {
    expect(stepEntryProblem(worker, open, handle(worker), stored)).toBeNull()
    expect(stepEntryProblem(resident, open, handle(resident), stored)?.code).toBe('forbidden')
  })
  it('steps out of order are refused: rating before handling, handling after closing', () => {
    expect(stepEntryProblem(resident, open, rate(resident), stored)).toEqual({ code: 'step-order', message: 'handle' })
    expect(stepEntryProblem(resident, closed, rate(resident), stored)).toBeNull()
    expect(stepEntryProblem(worker, closed, handle(worker), stored)).toEqual({ code: 'step-order', message: 'closed' })
  })
  it('a step in another name or for an unknown event is refused', () => {
    const inOtherName = { ...handle(worker), by: 'c' }
    expect(stepEntryProblem(worker, open, inOtherName, stored)?.code).toBe('not-own-name')
    expect(stepEntryProblem(worker, open, handle(worker), undefined)?.code).toBe('step-invalid')
  })
})
