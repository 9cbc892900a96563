import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addStep, closedSameDay, readEvents, reportEvent, slaState, worklist } from '../../../../src/domain/grid/events'
import { dashboard, metricsFor } from '../../../../src/domain/grid/metrics'
import { endOfShanghaiDay, periodAt, periodsUpTo, shanghaiDay } from '../../../../src/domain/grid/time'
import { generateDemo, writeDemo } from '../../../../src/domain/grid/demo'
import { bj, newEvent, worker } from './fixtures'
import { unwrap } from '../../../../src/domain/result'

const chair = { userId: 'u-c', name: '张主任' }

function scenario() {
  const doc = new Y.Doc()
  // A: reported 09:00, assigned 09:30, handled 11:00, rated 12:00 the same day.
  const a = unwrap(reportEvent(doc, newEvent(bj('2025-03-04T08:50:00')), worker, bj('2025-03-04T09:00:00')))
  unwrap(
    addStep(
      doc,
      a,
      { kind: 'assign', assignee: { name: '物业', kind: 'body' }, dueAt: endOfShanghaiDay(bj('2025-03-04T09:00:00')) },
      chair,
      bj('2025-03-04T09:30:00'),
    ),
  )
  unwrap(addStep(doc, a, { kind: 'handle', note: '已更换灯泡' }, worker, bj('2025-03-04T11:00:00')))
  unwrap(addStep(doc, a, { kind: 'rate', satisfaction: 5 }, worker, bj('2025-03-04T12:00:00')))
  // B: reported 23:30 Beijing (15:30 UTC), handled 00:20 next day: not same-day, late against the same-day target.
  const b = unwrap(reportEvent(doc, newEvent(bj('2025-03-04T23:25:00')), worker, bj('2025-03-04T23:30:00')))
  unwrap(addStep(doc, b, { kind: 'handle', note: '现场处置' }, worker, bj('2025-03-05T00:20:00')))
  // C: reported 07:59 Beijing on 5 March (= 23:59 UTC on 4 March), still open.
  const c = unwrap(reportEvent(doc, newEvent(bj('2025-03-05T07:50:00')), worker, bj('2025-03-05T07:59:00')))
  return { doc, a, b, c }
}

describe('Asia/Shanghai days', () => {
  it('counts days in Beijing whatever UTC says', () => {
    expect(shanghaiDay(Date.parse('2025-03-04T16:00:00Z'))).toBe('2025-03-05')
    expect(shanghaiDay(Date.parse('2025-03-04T15:59:59.999Z'))).toBe('2025-03-04')
    expect(endOfShanghaiDay(bj('2025-03-04T09:00:00'))).toBe(bj('2025-03-05T00:00:00') - 1)
  })
  it('periods: week starts Monday, quarter, series oldest first', () => {
    const now = bj('2025-03-05T10:00:00') // Wednesday
    expect(periodAt('week', now)).toMatchObject({
      start: bj('2025-03-03T00:00:00'),
      end: bj('2025-03-10T00:00:00'),
      label: '2025-W10',
    })
    expect(periodAt('month', now)).toMatchObject({ start: bj('2025-03-01T00:00:00'), label: '2025-03' })
    expect(periodAt('quarter', now)).toMatchObject({
      start: bj('2025-01-01T00:00:00'),
      end: bj('2025-04-01T00:00:00'),
      label: '2025-Q1',
    })
    expect(periodAt('day', bj('2025-03-05T00:00:00')).label).toBe('2025-03-05')
    const ps = periodsUpTo('quarter', now, 4)
    expect(ps.map((p) => p.label)).toEqual(['2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1'])
  })
})

describe('five-step loop, SLA and metrics', () => {
  it('folds steps into status and per-step times', () => {
    const { doc, a, b, c } = scenario()
    const { events } = readEvents(doc)
    const ev = (id: string) => events.find((e) => e.eventId === id)!
    expect(ev(a)).toMatchObject({ status: 'rated', satisfaction: 5, closed: true, assignee: { name: '物业' } })
    expect(ev(b)).toMatchObject({ status: 'handled', assignedAt: null, closed: true })
    expect(ev(c).status).toBe('reported')
    expect(closedSameDay(ev(a))).toBe(true)
    expect(closedSameDay(ev(b))).toBe(false)
  })

  it('SLA: same-day target, overdue from 00:00 Beijing across midnight', () => {
    const { doc, a, b, c } = scenario()
    const { events } = readEvents(doc)
    const ev = (id: string) => events.find((e) => e.eventId === id)!
    expect(slaState(ev(a), bj('2025-03-06T00:00:00'))).toBe('on-time')
    expect(slaState(ev(b), bj('2025-03-06T00:00:00'))).toBe('late')
    expect(slaState(ev(c), bj('2025-03-05T23:59:59'))).toBe('open')
    expect(slaState(ev(c), bj('2025-03-06T00:00:00'))).toBe('overdue')
    expect(worklist(events, bj('2025-03-06T08:00:00'))[0]!.eventId).toBe(c)
  })

  it('a later due time set when assigning moves the deadline', () => {
    const doc = new Y.Doc()
    const id = unwrap(reportEvent(doc, newEvent(bj('2025-03-04T10:00:00')), worker, bj('2025-03-04T10:00:00')))
    unwrap(
      addStep(
        doc,
        id,
        { kind: 'assign', assignee: { name: '维修班组', kind: 'body' }, dueAt: bj('2025-03-06T18:00:00') },
        chair,
        bj('2025-03-04T10:10:00'),
      ),
    )
    const v = readEvents(doc).events[0]!
    expect(slaState(v, bj('2025-03-05T12:00:00'))).toBe('open')
    expect(slaState(v, bj('2025-03-06T18:00:01'))).toBe('overdue')
  })

  it('close rate, same-day rate, step durations and satisfaction for a day and a week', () => {
    const { doc } = scenario()
    const { events } = readEvents(doc)
    const now = bj('2025-03-05T12:00:00')
    const day4 = metricsFor(events, periodAt('day', bj('2025-03-04T12:00:00')), now)
    expect(day4).toMatchObject({
      reported: 2,
      closed: 2,
      closeRate: 1,
      sameDay: 1,
      sameDayRate: 0.5,
      late: 1,
      rated: 1,
      satisfaction: 5,
      satisfiedRate: 1,
    })
    expect(day4.avgMinutes['found-reported']).toBe(7.5)
    expect(day4.avgMinutes['reported-assigned']).toBe(30)
    expect(day4.avgMinutes['assigned-handled']).toBe(90)
    expect(day4.avgMinutes['handled-rated']).toBe(60)
    expect(day4.avgMinutes['reported-handled']).toBe((120 + 50) / 2)
    const day5 = metricsFor(events, periodAt('day', now), now)
    expect(day5).toMatchObject({ reported: 1, closed: 0, closeRate: 0, open: 1, overdue: 0, satisfaction: null })
    const week = dashboard(events, 'week', now).current
    expect(week).toMatchObject({ reported: 3, closed: 2, sameDay: 1 })
    expect(week.closeRate).toBeCloseTo(2 / 3)
    expect(metricsFor(events, periodAt('day', now), bj('2025-03-06T00:00:00')).overdue).toBe(1)
  })

  it('concurrent offline steps all survive the merge; the later assignment is current', () => {
    const a = new Y.Doc()
    const id = unwrap(reportEvent(a, newEvent(1), worker, bj('2025-03-04T09:00:00')))
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    unwrap(
      addStep(
        a,
        id,
        { kind: 'assign', assignee: { name: '物业', kind: 'body' }, dueAt: bj('2025-03-04T20:00:00') },
        chair,
        bj('2025-03-04T09:10:00'),
      ),
    )
    unwrap(
      addStep(
        b,
        id,
        { kind: 'assign', assignee: { name: '城管', kind: 'body' }, dueAt: bj('2025-03-04T21:00:00') },
        { userId: 'u-s', name: '王秘书' },
        bj('2025-03-04T09:20:00'),
      ),
    )
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    const va = readEvents(a).events[0]!
    expect(va.steps.filter((s) => s.kind === 'assign')).toHaveLength(2)
    expect(va.assignee?.name).toBe('城管')
    expect(JSON.stringify(readEvents(b).events)).toBe(JSON.stringify(readEvents(a).events))
  })

  it('the demo generator is deterministic and close to the field figures', () => {
    const end = bj('2025-03-31T20:00:00')
    const d1 = generateDemo({ seed: 7, count: 1200, days: 90, end, actor: chair })
    const d2 = generateDemo({ seed: 7, count: 1200, days: 90, end, actor: chair })
    expect(JSON.stringify(d1)).toBe(JSON.stringify(d2))
    const doc = new Y.Doc()
    writeDemo(doc, d1, chair.userId)
    const { events, invalid } = readEvents(doc)
    expect(invalid).toEqual([])
    expect(events).toHaveLength(1200)
    const q = dashboard(events, 'quarter', end).current
    expect(q.reported).toBe(1200)
    expect(q.closeRate).toBeGreaterThan(0.95)
    expect(q.sameDayRate).toBeGreaterThan(0.6)
  })
})
