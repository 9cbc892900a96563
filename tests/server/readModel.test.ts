/**
 * Read models (server/readmodel) against the docs they come from. Devices make random offline and
 * online edits to event, vote and case-list docs of three councils through a real server, which is
 * restarted in the middle; afterwards:
 *  - the tables equal a fresh fold of the stored docs (and of a device's copy),
 *  - `reindex` into empty tables gives exactly the incrementally maintained tables,
 *  - the counters per council and per org node equal the roll-up of the folded events, with the
 *    org tree moved half-way (two councils change community and street),
 *  - the dashboard query for one council equals the council's own dashboard figures
 *    (src/domain/grid/metrics.ts metricsFor) for every period kind and series bucket, and the
 *    district (its node counters) is their sum.
 * Runs on SQLite, and on PostgreSQL when the service is there (must run with CI=true).
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { docName } from '../../src/domain/docTypes'
import { readEvents } from '../../src/domain/grid/events'
import { metricsFor } from '../../src/domain/grid/metrics'
import { periodAt, periodsUpTo } from '../../src/domain/grid/time'
import { SERIES_LENGTH } from '../../src/domain/grid/metrics'
import { sortDump, type ReadModelStore } from '../../server/readmodel/ReadModelStore'
import { SqliteReadModel } from '../../server/readmodel/SqliteReadModel'
import { PostgresReadModel } from '../../server/readmodel/PostgresReadModel'
import { dashboardFor, DASHBOARD_PERIODS } from '../../server/readmodel/queries'
import type { OrgTree } from '../../server/readmodel/counters'
import { foldDoc, foldsInto, tablesOf } from '../../server/readmodel/rows'
import { foldStored, reindex } from '../../server/readmodel/reindex'
import type { DocStore } from '../../server/storage/DocStore'
import { ChangeClient } from '../helpers/changeClient'
import { makeTempDir, startTestServer, type TestServer, type TestServerOptions } from '../helpers/server'
import { DATABASE_URL, dropSchema, servicesGate, uniqueSchema } from '../helpers/services'
import { foldedDocs, randomEdit, rng } from './readModelFixture'

const NOW = Date.UTC(2026, 11, 2, 4, 0) // 2026-12-02 12:00 Beijing
const COUNCILS = ['c1', 'c2', 'c3']
const SEED = Number(process.env.RM_SEED ?? 20_261_202)
/** The org tree before the restart, and after it (c2 and c3 move): node counters must follow. */
const TREE_A: OrgTree = new Map([
  ['c1', ['m1', 's1', 'd']],
  ['c2', ['m1', 's1', 'd']],
  ['c3', ['m2', 's1', 'd']],
])
const TREE_B: OrgTree = new Map([
  ['c1', ['m1', 's1', 'd']],
  ['c2', ['m3', 's2', 'd']],
  ['c3', ['m1', 's1', 'd']],
])
const STREETS_B = [
  { id: 's1', kind: 'street' as const, name: '街道一', councilIds: ['c1', 'c3'] },
  { id: 's2', kind: 'street' as const, name: '街道二', councilIds: ['c2'] },
]

async function storedTables(store: DocStore) {
  const rows = []
  for (const name of (await store.list()).filter(foldsInto)) {
    const r = foldStored(name, (await store.load(name)).updates)
    if (r) rows.push(r)
  }
  return sortDump(tablesOf(rows, TREE_B))
}

/** Random edits by two devices per doc, offline and online, with a server restart half-way. */
async function editThroughServer(opts: TestServerOptions): Promise<{ server: TestServer; devices: ChangeClient[] }> {
  const dataDir = makeTempDir('yishi-rm-')
  const base = { ...opts, dataDir, readModelIntervalMs: 15, idleUnloadMs: 40, keepDataDir: true }
  let server = await startTestServer(base)
  await server.readModel.store.syncOrgTree(TREE_A)
  const r = rng(SEED)
  const names = COUNCILS.flatMap(foldedDocs)
  const devices = names.flatMap((n) => [0, 1].map(() => new ChangeClient(server.wsUrl, n, 'test')))
  for (const d of devices) if (r.next() < 0.6) await d.connect()
  for (let step = 0; step < 160; step++) {
    if (step === 80) {
      for (const d of devices) if (d.online) d.disconnect()
      const port = server.port
      await server.close()
      server = await startTestServer({ ...base, port })
      await server.readModel.store.syncOrgTree(TREE_B)
    }
    const d = r.pick(devices)
    if (r.next() < 0.12) {
      if (d.online) d.disconnect()
      else await d.connect()
      continue
    }
    randomEdit(r, d.docName, d.doc, NOW)
    if (r.next() < 0.1) await new Promise((res) => setTimeout(res, r.int(30)))
  }
  for (const d of devices) if (!d.online) await d.connect()
  for (const d of devices) await d.settled()
  await new Promise((res) => setTimeout(res, 100)) // let idle docs unload (fold-on-unload path)
  await server.readModel.folder.flush()
  return { server, devices }
}

function describeReadModel(label: string, opts: () => TestServerOptions, emptyStore: () => Promise<ReadModelStore>) {
  describe(`read models (${label})`, () => {
    it('tables equal a fold of the stored docs after random offline edits and a restart; reindex equals incremental; dashboards agree with the council metrics', async () => {
      const { server, devices } = await editThroughServer(opts())
      try {
        const rm = server.readModel.store
        const tables = sortDump(await rm.dump())
        const expected = await storedTables(server.store)
        expect(expected.events.length).toBeGreaterThan(20)
        expect(expected.votes.length).toBeGreaterThan(0)
        expect(expected.cases.length).toBeGreaterThan(0)
        expect(tables).toEqual(expected)
        // …with part of it folded incrementally (patches of the touched events).
        const { folds, fullFolds } = server.readModel.folder
        expect(folds - fullFolds).toBeGreaterThan(0)

        // A device's copy folds to the same rows (the server stored exactly what devices hold).
        const byName = new Map<string, Y.Doc>(devices.map((d) => [d.docName, d.doc]))
        const deviceRows = [...byName].map(([n, doc]) => foldDoc(n, doc)).filter((x) => x !== null)
        expect(sortDump(tablesOf(deviceRows, TREE_B))).toEqual(expected)
        expect(expected.nodeCounts.filter((c) => c.nodeId === 'm3').length).toBeGreaterThan(0)

        // Reindex from the docs into empty tables = the incrementally maintained tables (the tree
        // synced before and moved after: both paths give the same node counters).
        const fresh = await emptyStore()
        try {
          await fresh.syncOrgTree(TREE_A)
          const report = await reindex(server.store, fresh)
          expect(await fresh.syncOrgTree(TREE_B)).toBe(true)
          expect(report.events).toBe(expected.events.length)
          expect(sortDump(await fresh.dump())).toEqual(tables)
        } finally {
          await fresh.close()
        }

        // One council's dashboard = its own metrics; the district's (its node counters) = their sum.
        for (const kind of DASHBOARD_PERIODS) {
          const q = { kind, at: NOW, now: NOW }
          const district = await dashboardFor(
            rm,
            { councilIds: COUNCILS, node: { id: 'd' }, tree: TREE_B, children: STREETS_B },
            q,
          )
          const plain = await dashboardFor(rm, { councilIds: COUNCILS, children: STREETS_B }, q)
          expect(district).toEqual(plain)
          const sum = { reported: 0, closed: 0, sameDay: 0, overdue: 0, rated: 0 }
          const s1 = { reported: 0, overdue: 0 }
          for (const c of COUNCILS) {
            const events = readEvents(byName.get(docName('event', c))!).events
            const m = metricsFor(events, periodAt(kind, NOW), NOW)
            const d = await dashboardFor(rm, { councilIds: [c] }, q)
            expect({ ...d.totals, satisfaction: d.totals.satisfaction?.toFixed(9) ?? null }).toEqual({
              reported: m.reported,
              closed: m.closed,
              sameDay: m.sameDay,
              overdue: m.overdue,
              rated: m.rated,
              satisfaction: m.satisfaction?.toFixed(9) ?? null,
            })
            for (const cat of d.byCategory) expect(cat.reported).toBe(m.byCategory[cat.category] ?? 0)
            const periods = periodsUpTo(kind, NOW, SERIES_LENGTH[kind])
            expect(d.series.map((s) => [s.start, s.reported, s.closed])).toEqual(
              periods.map((p) => {
                const pm = metricsFor(events, p, NOW)
                return [p.start, pm.reported, pm.closed]
              }),
            )
            for (const k of ['reported', 'closed', 'sameDay', 'overdue', 'rated'] as const) sum[k] += m[k]
            if (c !== 'c2') {
              s1.reported += m.reported
              s1.overdue += m.overdue
            }
          }
          const { satisfaction: _, ...totals } = district.totals
          expect(totals).toEqual(sum)
          expect(district.byChild.find((ch) => ch.id === 's1')).toMatchObject(s1)
        }
        const year = await dashboardFor(rm, { councilIds: COUNCILS }, { kind: 'year', at: NOW, now: NOW })
        expect(year.cases.byType.reduce((a, t) => a + t.count, 0)).toBe(
          expected.cases.filter((c) => c.reportedAt >= year.period.start && c.reportedAt < year.period.end).length,
        )
      } finally {
        for (const d of devices) d.disconnect()
        await server.close()
        rmSync(server.dataDir, { recursive: true, force: true })
      }
    }, 90_000)
  })
}

const tmpDirs: string[] = []
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true })
})

describeReadModel(
  'SQLite',
  () => ({}),
  async () => {
    const dir = makeTempDir('yishi-rm-reindex-')
    tmpDirs.push(dir)
    return new SqliteReadModel(dir)
  },
)

const skipPg = await servicesGate('postgres')
const schemas: string[] = []
afterAll(async () => {
  if (!skipPg) for (const s of schemas) await dropSchema(s)
})
describe.skipIf(skipPg)('PostgreSQL', () => {
  const schema = uniqueSchema()
  schemas.push(schema)
  describeReadModel(
    'PostgreSQL',
    () => ({ storage: 'postgres', databaseUrl: DATABASE_URL, pgSchema: schema }),
    async () => {
      const s = uniqueSchema()
      schemas.push(s)
      const rm = new PostgresReadModel({ connectionString: DATABASE_URL, schema: s })
      await rm.ready
      return rm
    },
  )
})
