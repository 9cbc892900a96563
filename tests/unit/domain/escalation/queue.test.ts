import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addQueueStep, setDeadlineDays } from '../../../../src/domain/escalation/commands'
import { expectRefused } from '../../../helpers/refusal'
import { DEFAULT_DEADLINE_DAYS, deadlineDaysFor, dueAtFor } from '../../../../src/domain/escalation/deadlines'
import { readQueue } from '../../../../src/domain/escalation/queue'
import { ROOTS, type QueueItem } from '../../../../src/domain/escalation/schema'
import { queueItemProblem, queueSettingProblem, queueStepProblem } from '../../../../src/domain/escalation/writeRules'
import {
  itemFromEvent,
  itemMovedUp,
  mirrorStep,
  nodeAtLevel,
  type BridgeNode,
} from '../../../../src/domain/escalation/bridge'
import { foldEvent } from '../../../../src/domain/grid/events'
import { StepSchema, type EventRecord } from '../../../../src/domain/grid/schema'
import { gridStepProblem, isClientStepKey } from '../../../../src/domain/grid/writeRules'
import { endOfShanghaiDay } from '../../../../src/domain/grid/time'

// 2026-12-02 10:00 Beijing
const T0 = Date.UTC(2026, 11, 2, 2, 0)
const DAY = 86_400_000

const event: EventRecord = {
  eventId: 'e_1',
  category: 'facility',
  title: '3号楼电梯停运',
  description: '住户张三（13912345678）反映',
  place: '3号楼2单元',
  householdId: '3-2-0301',
  gridId: null,
  source: 'worker',
  reporterId: 'u_w',
  reporterName: '王网格',
  foundAt: T0,
  createdAt: T0,
}
const escalate = StepSchema.parse({
  kind: 'escalate',
  eventId: 'e_1',
  at: T0 + 3600_000,
  by: 'u_chair',
  byName: '李主任',
  note: '需社区协调维保单位',
  seq: 2,
  toGridId: null,
  toLevel: 'community',
}) as Extract<ReturnType<typeof StepSchema.parse>, { kind: 'escalate' }>

const NODES: BridgeNode[] = [
  { id: 'd1', kind: 'district', name: '某区', parentId: null },
  { id: 's1', kind: 'street', name: '东街道', parentId: 'd1' },
  { id: 'm1', kind: 'community', name: '邮政社区', parentId: 's1' },
]

const item = (): QueueItem =>
  itemFromEvent(event, 's_esc', escalate, { id: 'c1', name: '邮政小区' }, 'community', DEFAULT_DEADLINE_DAYS.community)
const handler = { userId: 'u_h', name: '赵社区' }
const actor = { userId: 'u_h', roles: ['org_handler'], scope: {} }

function queueDoc(): Y.Doc {
  const d = new Y.Doc()
  d.getMap(ROOTS.items).set('s_esc', item())
  return d
}

describe('deadlines per level', () => {
  it('community 3 days, street 7, district 10 by default; a node setting wins', () => {
    expect(deadlineDaysFor('community', null)).toBe(3)
    expect(deadlineDaysFor('street', undefined)).toBe(7)
    expect(deadlineDaysFor('district', null)).toBe(10)
    expect(deadlineDaysFor('community', 5)).toBe(5)
  })
  it('is the end of the Beijing day N days after the escalation', () => {
    expect(dueAtFor(T0, 3)).toBe(endOfShanghaiDay(T0 + 3 * DAY))
    // 23:30 Beijing still counts from that day
    const late = Date.UTC(2026, 11, 2, 15, 30)
    expect(dueAtFor(late, 1)).toBe(endOfShanghaiDay(Date.UTC(2026, 11, 3, 4)))
  })
})

describe('the queue item', () => {
  it('copies the event without personal data', () => {
    const i = item()
    const json = JSON.stringify(i)
    expect(json).not.toContain('张三')
    expect(json).not.toContain('13912345678')
    expect(json).not.toContain('3-2-0301')
    expect(json).not.toContain('王网格')
    expect(i).toMatchObject({
      itemId: 's_esc',
      councilId: 'c1',
      eventId: 'e_1',
      summary: '3号楼电梯停运',
      level: 'community',
    })
    expect(i.dueAt).toBe(endOfShanghaiDay(escalate.at + 3 * DAY))
  })
  it('moves up with a fresh deadline and its origin', () => {
    const step = {
      kind: 'escalate' as const,
      itemId: 's_esc',
      at: T0 + DAY,
      by: 'u_h',
      byName: '赵社区',
      note: '需街道',
      seq: 2,
    }
    const up = itemMovedUp(item(), 'q_up', step, 'm1', 'street', 7)
    expect(up).toMatchObject({
      itemId: 'q_up',
      level: 'street',
      fromLevel: 'community',
      fromNodeId: 'm1',
      note: '需街道',
    })
    expect(up.dueAt).toBe(endOfShanghaiDay(T0 + 8 * DAY))
  })
  it('finds the node of a level above the community', () => {
    expect(nodeAtLevel(NODES, 'm1', 'community')?.id).toBe('m1')
    expect(nodeAtLevel(NODES, 'm1', 'street')?.id).toBe('s1')
    expect(nodeAtLevel(NODES, 'm1', 'district')?.id).toBe('d1')
    expect(nodeAtLevel(NODES, 'nope', 'street')).toBeNull()
  })
})

describe('readQueue', () => {
  it('folds steps in causal order into state, overdue and late', () => {
    const d = queueDoc()
    const i = item()
    expect(readQueue(d, i.dueAt - 1).rows[0]).toMatchObject({ state: 'new', overdue: false, closed: false })
    expect(readQueue(d, i.dueAt + 1).rows[0]).toMatchObject({ state: 'new', overdue: true })
    addQueueStep(d, 's_esc', 'accept', '', handler, T0 + 2 * 3600_000)
    expect(readQueue(d, T0).rows[0]).toMatchObject({ state: 'accepted', acceptedAt: T0 + 2 * 3600_000 })
    addQueueStep(d, 's_esc', 'handle', '已联系维保，电梯恢复', handler, i.dueAt + 5)
    const row = readQueue(d, i.dueAt + 10).rows[0]!
    expect(row).toMatchObject({ state: 'handled', closed: true, overdue: false, late: true })
    expect(row.steps.map((s) => s.seq)).toEqual([1, 2])
  })
  it('lists open items first, overdue on top', () => {
    const d = queueDoc()
    const soon = { ...item(), itemId: 's_b', dueAt: T0 - 1 }
    d.getMap(ROOTS.items).set('s_b', soon)
    d.getMap(ROOTS.items).set('s_bad', { nope: true })
    const q = readQueue(d, T0)
    expect(q.rows.map((r) => r.itemId)).toEqual(['s_b', 's_esc'])
    expect(q.invalid).toEqual(['s_bad'])
  })
})

describe('queue write rules', () => {
  it('accepts a step in the handler own name on an existing item', () => {
    const step = { kind: 'handle', itemId: 's_esc', at: T0, by: 'u_h', byName: '赵社区', note: '办结', seq: 1 }
    expect(queueStepProblem(actor, step, item())).toBeNull()
  })
  it('refuses forged names, unknown items, empty results, escalating above the district', () => {
    const base = { itemId: 's_esc', at: T0, by: 'u_h', byName: '赵社区', note: '办结', seq: 1 }
    expect(queueStepProblem(actor, { ...base, kind: 'handle', by: 'u_other' }, item())?.code).toBe('not-own-name')
    expect(queueStepProblem(actor, { ...base, kind: 'handle' }, undefined)?.code).toBe('queue-invalid')
    expect(queueStepProblem(actor, { ...base, kind: 'handle', note: '' }, item())?.code).toBe('queue-invalid')
    expect(queueStepProblem(actor, { ...base, kind: 'escalate' }, { ...item(), level: 'district' })?.code).toBe(
      'forbidden',
    )
    expect(queueItemProblem().code).toBe('server-only')
    expect(queueSettingProblem('deadlineDays', 5)).toBeNull()
    expect(queueSettingProblem('deadlineDays', 0)?.code).toBe('queue-invalid')
    expect(queueSettingProblem('other', 5)?.code).toBe('queue-invalid')
  })
})

describe('the mirrored step in the council trail', () => {
  const qs = {
    kind: 'handle' as const,
    itemId: 's_esc',
    at: T0 + DAY,
    by: 'u_h',
    byName: '赵社区',
    note: '已修复',
    seq: 2,
  }
  it('is in the handler name, names the node, and closes the event', () => {
    const m = mirrorStep(item(), 'q_1', qs, NODES[2]!, 3)
    expect(m.key).toBe('up_q_1')
    expect(StepSchema.parse(m.step)).toEqual(m.step)
    expect(m.step).toMatchObject({ by: 'u_h', byName: '赵社区', viaNode: 'm1', nodeName: '邮政社区', action: 'handle' })
    const report = { kind: 'report' as const, eventId: 'e_1', at: T0, by: 'u_w', byName: '王网格', note: '', seq: 1 }
    const v = foldEvent(event, [
      { ...report, id: 's_r' },
      { ...escalate, id: 's_esc' },
      { ...m.step, id: m.key },
    ])
    expect(v).toMatchObject({ status: 'handled', closed: true, handledAt: T0 + DAY, level: 'community' })
  })
  it('a return brings the event back to the compound', () => {
    const m = mirrorStep(item(), 'q_2', { ...qs, kind: 'return', note: '属小区物业职责' }, NODES[2]!, 3)
    const v = foldEvent(event, [
      { ...escalate, id: 's_esc' },
      { ...m.step, id: m.key },
    ])
    expect(v).toMatchObject({ status: 'reported', level: 'compound', closed: false })
  })
  it('no device may write it, nor any step under its key prefix', () => {
    const m = mirrorStep(item(), 'q_1', qs, NODES[2]!, 3)
    const chair = { userId: 'u_h', roles: ['chair'], scope: {} }
    expect(gridStepProblem(chair, m.step, event)?.code).toBe('server-only')
    expect(isClientStepKey('up_q_1')).toBe(false)
    expect(isClientStepKey('s_abc')).toBe(true)
  })
})

describe('handler command refusals are Results that write nothing', () => {
  it('a handled step without its result, a deadline outside 1–60 days', () => {
    const doc = new Y.Doc()
    const h = { userId: 'u_h', name: '赵社区' }
    expectRefused(doc, () => addQueueStep(doc, 'i_1', 'handle', '  ', h, T0), 'queue.invalid_step')
    expect(addQueueStep(doc, 'i_1', 'handle', '', h, T0)).toMatchObject({ detail: 'note' })
    expectRefused(doc, () => setDeadlineDays(doc, 0, h), 'queue.invalid_deadline')
    expectRefused(doc, () => setDeadlineDays(doc, 2.5, h), 'queue.invalid_deadline')
    expect(addQueueStep(doc, 'i_1', 'handle', '已修复', h, T0).ok).toBe(true)
    expect(setDeadlineDays(doc, 7, h)).toEqual({ ok: true, value: undefined })
  })
})
