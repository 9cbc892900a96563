/**
 * Acceptance suite every ReadModelStore adapter must pass (SQLite, PostgreSQL): a replace covers
 * exactly its scope, folding twice equals folding once, and the grouped sums, overdue counts and
 * case counts the dashboard query uses.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ReadModelStore } from '../../server/readmodel/ReadModelStore'
import { sortDump } from '../../server/readmodel/ReadModelStore'
import { rollUp, type CaseRow, type DocRows, type EventRow } from '../../server/readmodel/rows'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 2, 0, 0) // 2026-11-02 08:00 Beijing

export const ev = (councilId: string, eventId: string, o: Partial<EventRow> = {}): EventRow => ({
  councilId,
  eventId,
  category: 'facility',
  level: 'compound',
  status: 'handled',
  reportedAt: T0,
  assignedAt: null,
  handledAt: T0 + 3_600_000,
  ratedAt: null,
  dueAt: T0 + 15 * 3_600_000,
  sameDay: true,
  satisfaction: null,
  escalations: 0,
  ...o,
})
export const events = (councilId: string, rows: EventRow[]): DocRows => ({
  scope: 'events',
  councilId,
  events: rows,
  counts: rollUp(rows),
})
const kase = (councilId: string, caseId: string, o: Partial<CaseRow> = {}): CaseRow => ({
  councilId,
  caseId,
  type: 'noise',
  status: 'agreed',
  outcome: 'settled',
  reportedAt: T0,
  closedAt: null,
  ...o,
})

export function describeReadModelStore(name: string, open: () => Promise<ReadModelStore>): void {
  describe(`ReadModelStore adapter: ${name}`, () => {
    const stores: ReadModelStore[] = []
    const make = async () => {
      const s = await open()
      stores.push(s)
      await s.ready
      return s
    }
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close()
    })

    it('a replace covers exactly its scope; replacing twice = once; clear empties', async () => {
      const s = await make()
      const a = events('ca', [ev('ca', 'e1'), ev('ca', 'e2', { category: 'parking', handledAt: null, sameDay: false })])
      const b = events('cb', [ev('cb', 'e1')])
      const vote: DocRows = {
        scope: 'vote',
        councilId: 'ca',
        voteId: 'v1',
        vote: {
          councilId: 'ca',
          voteId: 'v1',
          title: '加装电梯',
          matter: 'special',
          status: 'closed',
          openedAt: T0,
          closedAt: T0 + DAY,
          passed: true,
          totalHeads: 10,
          participatingHeads: 8,
          agreeHeads: 7,
          totalArea: '1000.00',
          participatingArea: '800.00',
          agreeArea: '700.00',
        },
      }
      const cases: DocRows = { scope: 'cases', councilId: 'ca', cases: [kase('ca', 'k1')] }
      await s.replaceMany([a, b, vote, cases])
      await s.replace(a)
      const once = sortDump(await s.dump())
      expect(once.events).toHaveLength(3)
      expect(once.votes).toEqual([vote.scope === 'vote' ? vote.vote : null])
      expect(once.cases).toEqual([kase('ca', 'k1')])
      // ca's events replaced by one event: cb's rows, the vote and the cases stay
      await s.replace(events('ca', [ev('ca', 'e3')]))
      const after = sortDump(await s.dump())
      expect(after.events.map((e) => `${e.councilId}/${e.eventId}`)).toEqual(['ca/e3', 'cb/e1'])
      expect(after.counts.filter((c) => c.councilId === 'ca' && c.category === 'parking')).toEqual([])
      expect(after.votes).toHaveLength(1)
      await s.replace({ scope: 'vote', councilId: 'ca', voteId: 'v1', vote: null })
      expect((await s.dump()).votes).toEqual([])
      await s.clear()
      expect(await s.dump()).toEqual({ events: [], counts: [], votes: [], cases: [] })
    })

    it('sums counters by council and category, and per bucket over all categories', async () => {
      const s = await make()
      await s.replaceMany([
        events('ca', [
          ev('ca', 'e1', { satisfaction: 4 }),
          ev('ca', 'e2', { category: 'parking', satisfaction: 2 }),
          ev('ca', 'e3', { reportedAt: T0 + DAY, handledAt: null, sameDay: false }),
        ]),
        events('cb', [ev('cb', 'e1'), ev('cb', 'e2', { reportedAt: T0 + 40 * DAY })]),
      ])
      const cats = await s.sumCounts({
        councilIds: ['ca', 'cb'],
        grain: 'd',
        from: T0 - DAY,
        to: T0 + 2 * DAY,
        groupBy: 'categories',
      })
      const key = (x: { councilId: string; category: string }) => `${x.councilId}/${x.category}`
      expect(cats.map((c) => [key(c), c.reported, c.closed, c.sameDay, c.satSum, c.satCount]).sort()).toEqual([
        ['ca/facility', 2, 1, 1, 4, 1],
        ['ca/parking', 1, 1, 1, 2, 1],
        ['cb/facility', 1, 1, 1, 0, 0],
      ])
      const series = await s.sumCounts({
        councilIds: ['ca', 'cb'],
        grain: 'm',
        from: 0,
        to: T0 + 100 * DAY,
        groupBy: 'series',
      })
      expect(series.map((x) => x.reported)).toEqual([4, 1])
      expect(series[0]!.bucket).toBeLessThan(series[1]!.bucket)
      const only = await s.sumCounts({ councilIds: ['cb'], grain: 'd', from: 0, to: T0 + 100 * DAY, groupBy: 'series' })
      expect(only.map((x) => x.reported)).toEqual([1, 1])
    })

    it('overdue = open and past the deadline at `now`; case counts by type and outcome; events of a period', async () => {
      const s = await make()
      await s.replaceMany([
        events('ca', [
          ev('ca', 'open-late', { handledAt: null, sameDay: false, dueAt: T0 + 1000 }),
          ev('ca', 'open-ok', { handledAt: null, sameDay: false, dueAt: T0 + DAY }),
          ev('ca', 'closed', { dueAt: T0 + 1000 }),
        ]),
        {
          scope: 'cases',
          councilId: 'ca',
          cases: [
            kase('ca', 'k1'),
            kase('ca', 'k2', { type: 'water', outcome: 'failed' }),
            kase('ca', 'k3', { reportedAt: T0 + 90 * DAY }),
          ],
        },
      ])
      const od = await s.overdue(['ca', 'cx'], T0, T0 + DAY, T0 + 2000)
      expect(od).toEqual([{ councilId: 'ca', category: 'facility', n: 1 }])
      const cc = await s.caseCounts(['ca'], T0, T0 + DAY)
      expect(cc.map((c) => `${c.type}/${c.outcome}/${c.n}`).sort()).toEqual(['noise/settled/1', 'water/failed/1'])
      expect((await s.events(['ca'], T0, T0 + 1)).map((e) => e.eventId)).toEqual(['closed', 'open-late', 'open-ok'])
      expect(await s.events(['cb'], T0, T0 + DAY)).toEqual([])
      expect(await s.sizeBytes()).toBeGreaterThan(0)
    })
  })
}
