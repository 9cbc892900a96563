import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addStep, readEvents, reportEvent } from '../../../../src/domain/grid/events'
import { dashboard, metricsFor } from '../../../../src/domain/grid/metrics'
import { ROOTS } from '../../../../src/domain/grid/schema'
import { periodAt } from '../../../../src/domain/grid/time'
import { gridStrings } from '../../../../src/i18n/features/grid'
import { bj, newEvent, worker } from './fixtures'
import { unwrap } from '../../../../src/domain/result'

const resident = { userId: 'u-r', name: '王*' }
const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from))

describe('event steps in causal order, not device-clock order', () => {
  it('keeps a rating written after seeing the handling, on a device whose clock is 1 s behind', () => {
    const handler = new Y.Doc()
    const id = unwrap(reportEvent(handler, newEvent(bj('2025-03-04T08:50:00')), worker, bj('2025-03-04T09:00:00')))
    unwrap(addStep(handler, id, { kind: 'handle', note: '已修好' }, worker, bj('2025-03-04T11:00:00')))
    const tablet = new Y.Doc()
    sync(handler, tablet)
    // The resident's tablet saw the handling, but its clock reads 10:59:59.
    unwrap(addStep(tablet, id, { kind: 'rate', satisfaction: 4 }, resident, bj('2025-03-04T10:59:59')))
    sync(tablet, handler)
    for (const doc of [handler, tablet]) {
      const [v] = readEvents(doc).events
      expect(v).toMatchObject({ status: 'rated', satisfaction: 4, handledAt: bj('2025-03-04T11:00:00') })
      expect(v!.steps.map((s) => s.kind)).toEqual(['report', 'handle', 'rate'])
    }
  })

  it('a reassignment written after seeing an assignment is current even with an earlier clock', () => {
    const a = new Y.Doc()
    const id = unwrap(reportEvent(a, newEvent(bj('2025-03-04T08:50:00')), worker, bj('2025-03-04T09:00:00')))
    const first = { name: '物业', kind: 'body' as const }
    const second = { name: '水电班', kind: 'body' as const }
    unwrap(
      addStep(
        a,
        id,
        { kind: 'assign', assignee: first, dueAt: bj('2025-03-04T18:00:00') },
        worker,
        bj('2025-03-04T10:00:00'),
      ),
    )
    const b = new Y.Doc()
    sync(a, b)
    unwrap(
      addStep(
        b,
        id,
        { kind: 'reassign', assignee: second, dueAt: bj('2025-03-05T18:00:00') },
        worker,
        bj('2025-03-04T09:30:00'),
      ),
    )
    sync(b, a)
    expect(readEvents(a).events[0]).toMatchObject({ assignee: second, dueAt: bj('2025-03-05T18:00:00') })
  })

  it('reads steps written before `seq` existed in time order (old docs stay readable)', () => {
    const doc = new Y.Doc()
    const id = 'ev_old'
    doc.getMap(ROOTS.events).set(id, {
      eventId: id,
      ...newEvent(bj('2025-03-04T08:50:00')),
      reporterId: 'u-w',
      reporterName: '网格员甲',
      createdAt: bj('2025-03-04T09:00:00'),
    })
    const base = { eventId: id, by: 'u-w', byName: '网格员甲', note: '' }
    // Inserted out of time order, without seq.
    doc.getMap(ROOTS.steps).set('s3', { kind: 'rate', ...base, at: bj('2025-03-04T12:00:00'), satisfaction: 5 })
    doc.getMap(ROOTS.steps).set('s2', { kind: 'handle', ...base, at: bj('2025-03-04T11:00:00') })
    doc.getMap(ROOTS.steps).set('s1', { kind: 'report', ...base, at: bj('2025-03-04T09:00:00') })
    const [v] = readEvents(doc).events
    expect(v).toMatchObject({ status: 'rated', satisfaction: 5, ratedAt: bj('2025-03-04T12:00:00') })
    // A new step after old ones gets seq 1 and sorts after them.
    unwrap(addStep(doc, id, { kind: 'rate', satisfaction: 2 }, worker, bj('2025-03-04T11:30:00')))
    expect(readEvents(doc).events[0]).toMatchObject({ satisfaction: 2, ratedAt: bj('2025-03-04T11:30:00') })
  })
})

describe('dashboard: no data and the year period', () => {
  it('an empty period has no rates (暂无数据), not 0 %', () => {
    const m = metricsFor([], periodAt('week', bj('2025-03-05T10:00:00')), bj('2025-03-05T10:00:00'))
    expect(m.reported).toBe(0)
    expect(m.closeRate).toBeNull()
    expect(m.sameDayRate).toBeNull()
    expect(m.satisfiedRate).toBeNull()
    expect(gridStrings.zh['grid.noData']).toBe('暂无数据')
    expect(gridStrings.en['grid.noData']).toBe('No data')
  })

  it('a year period runs 1 Jan – 1 Jan in Beijing time', () => {
    // 2025-01-01 00:30 in Beijing is still 2024-12-31 in UTC.
    const p = periodAt('year', bj('2025-01-01T00:30:00'))
    expect(p).toMatchObject({
      kind: 'year',
      start: bj('2025-01-01T00:00:00'),
      end: bj('2026-01-01T00:00:00'),
      label: '2025',
    })
    expect(periodAt('year', bj('2024-12-31T23:59:59')).label).toBe('2024')
  })

  it('the year dashboard counts the year’s events and compares with the previous year', () => {
    const doc = new Y.Doc()
    const a = unwrap(reportEvent(doc, newEvent(bj('2025-02-01T09:00:00')), worker, bj('2025-02-01T09:00:00')))
    unwrap(addStep(doc, a, { kind: 'handle', note: '' }, worker, bj('2025-02-01T10:00:00')))
    unwrap(reportEvent(doc, newEvent(bj('2025-11-30T09:00:00')), worker, bj('2025-11-30T09:00:00')))
    unwrap(reportEvent(doc, newEvent(bj('2024-12-31T23:00:00')), worker, bj('2024-12-31T23:00:00')))
    const d = dashboard(readEvents(doc).events, 'year', bj('2025-12-01T10:00:00'))
    expect(d.series.map((m) => m.period.label)).toEqual(['2023', '2024', '2025'])
    expect(d.current).toMatchObject({ reported: 2, closed: 1, closeRate: 0.5 })
    expect(d.previous).toMatchObject({ reported: 1, closed: 0, closeRate: 0 })
    expect(d.series[0]).toMatchObject({ reported: 0, closeRate: null })
  })
})
