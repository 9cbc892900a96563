/**
 * Acceptance suite every ReadModelStore adapter must pass (SQLite, PostgreSQL): a replace covers
 * exactly its scope, folding twice equals folding once, and the grouped sums, overdue counts and
 * case counts the dashboard query uses.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ReadModelStore } from '../../server/readmodel/ReadModelStore'
import { sortDump } from '../../server/readmodel/ReadModelStore'
import { nodeRollUp, rollUp } from '../../server/readmodel/counters'
import type { CaseRow, DocRows, EventRow } from '../../server/readmodel/rows'
import { periodAt } from '../../src/domain/grid/time'

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
export const events = (councilId: string, rows: EventRow[]): DocRows => ({ scope: 'events', councilId, events: rows })
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
      expect(await s.dump()).toEqual({ events: [], counts: [], nodeCounts: [], votes: [], cases: [] })
    })

    it('counters per council and grain follow full replaces and patches; node counters follow the tree', async () => {
      const s = await make()
      await s.syncOrgTree(
        new Map([
          ['ca', ['m1', 's1']],
          ['cb', ['m2', 's1']],
        ]),
      )
      await s.replaceMany([
        events('ca', [
          ev('ca', 'e1', { satisfaction: 4 }),
          ev('ca', 'e2', { category: 'parking', satisfaction: 2 }),
          ev('ca', 'e3', { reportedAt: T0 + DAY, handledAt: null, sameDay: false }),
        ]),
        events('cb', [ev('cb', 'e1'), ev('cb', 'e2', { reportedAt: T0 + 40 * DAY })]),
      ])
      const week = periodAt('week', T0)
      const figures = (rows: Awaited<ReturnType<ReadModelStore['counts']>>) =>
        rows.map((c) => [`${c.id}/${c.category}`, c.reported, c.closed, c.sameDay, c.satSum, c.satCount]).sort()
      const weekQ = { grain: 'week', from: week.start, to: week.end } as const
      expect(figures(await s.counts({ level: 'council', ids: ['ca', 'cb'], ...weekQ }))).toEqual([
        ['ca/*', 3, 2, 2, 6, 2],
        ['ca/facility', 2, 1, 1, 4, 1],
        ['ca/parking', 1, 1, 1, 2, 1],
        ['cb/*', 1, 1, 1, 0, 0],
        ['cb/facility', 1, 1, 1, 0, 0],
      ])
      expect(figures(await s.counts({ level: 'node', ids: ['s1', 'm2'], ...weekQ, allOnly: true }))).toEqual([
        ['m2/*', 1, 1, 1, 0, 0],
        ['s1/*', 4, 3, 3, 6, 2],
      ])
      const months = await s.counts({
        level: 'node',
        ids: ['s1'],
        grain: 'month',
        from: 0,
        to: T0 + 100 * DAY,
        allOnly: true,
      })
      expect(months.sort((a, b) => a.bucket - b.bucket).map((x) => [x.bucket, x.reported])).toEqual([
        [periodAt('month', T0).start, 4],
        [periodAt('month', T0 + 40 * DAY).start, 1],
      ])

      // A patch: e3 gone, e1 re-rated, a new event; cb moves to m1; the counters follow.
      await s.replace({
        scope: 'eventPatch',
        councilId: 'ca',
        upserts: [
          ev('ca', 'e1', { satisfaction: 5 }),
          ev('ca', 'e9', { category: 'parking', handledAt: null, sameDay: false }),
        ],
        removed: ['e3', 'nope'],
      })
      expect(
        await s.syncOrgTree(
          new Map([
            ['ca', ['m1', 's1']],
            ['cb', ['m1', 's1']],
          ]),
        ),
      ).toBe(true)
      expect(
        await s.syncOrgTree(
          new Map([
            ['cb', ['s1', 'm1']],
            ['ca', ['m1', 's1']],
          ]),
        ),
      ).toBe(false)
      const d = sortDump(await s.dump())
      expect(d.events.map((e) => `${e.councilId}/${e.eventId}`)).toEqual(['ca/e1', 'ca/e2', 'ca/e9', 'cb/e1', 'cb/e2'])
      // Invariant: the counters are exactly the roll-up of the events, per council and per node.
      const byCouncil = ['ca', 'cb'].flatMap((c) => rollUp(d.events.filter((e) => e.councilId === c)))
      expect(d.counts).toEqual(sortDump({ ...d, counts: byCouncil }).counts)
      expect(d.nodeCounts).toEqual(sortDump({ ...d, nodeCounts: nodeRollUp(byCouncil, await s.orgTree()) }).nodeCounts)
      expect(d.nodeCounts.some((c) => c.nodeId === 'm2')).toBe(false)
      expect(figures(await s.counts({ level: 'node', ids: ['m1'], ...weekQ, allOnly: true }))).toEqual([
        ['m1/*', 4, 3, 3, 7, 2],
      ])
    })

    it('open events not yet due at `now`; case counts by type and outcome; events of a period', async () => {
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
      expect(await s.openNotDue(T0, T0 + DAY, T0 + 2000)).toEqual([{ councilId: 'ca', category: 'facility', n: 1 }])
      expect(await s.openNotDue(T0, T0 + DAY, T0 + 500)).toEqual([{ councilId: 'ca', category: 'facility', n: 2 }])
      expect(await s.openNotDue(T0 + 1, T0 + DAY, T0)).toEqual([])
      const cc = await s.caseCounts(['ca'], T0, T0 + DAY)
      expect(cc.map((c) => `${c.type}/${c.outcome}/${c.n}`).sort()).toEqual(['noise/settled/1', 'water/failed/1'])
      expect((await s.events(['ca'], T0, T0 + 1)).map((e) => e.eventId)).toEqual(['closed', 'open-late', 'open-ok'])
      expect(await s.events(['cb'], T0, T0 + DAY)).toEqual([])
      expect(await s.sizeBytes()).toBeGreaterThan(0)
    })
  })
}
