/**
 * District dashboards from the read-model tables (server/readmodel), at the field's scale: 800
 * councils × 12 events a day × 365 days (3.5 M events) under one district (15 streets, 120
 * communities). Run: `npx tsx bench/districtDashboard.ts` (part of `npm run bench`).
 *
 *   1. Rows generated straight into the tables (as the folder would write them: events + day/month
 *      counters, one council per replace, councils batched per transaction) — write time, size.
 *   2. dashboardFor for the district, a street and a community × week/month/quarter/year: p50/p95.
 *   3. Reindex rate from real docs: a sample of councils with a year of events written as the
 *      domain commands write them (bench/eventDoc.ts) into a doc store, then `reindex` — events/s,
 *      extrapolated to 800 councils (a full doc reindex of 3.5 M events is too slow for a bench run).
 *
 * Both backends: SQLite (temp dir), and PostgreSQL when DATABASE_URL (default the local test db)
 * answers (own schema, dropped after). The load average is printed next to every figure: the
 * machine is shared. Env: COUNCILS, PER_DAY, DAYS, SAMPLE (councils in the doc sample), PG=0.
 */
import { execSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import pg from 'pg'
import { EVENT_CATEGORIES } from '../src/domain/grid/schema'
import { DAY_MS, endOfShanghaiDay, sameShanghaiDay } from '../src/domain/grid/time'
import { docName } from '../src/domain/docTypes'
import { prng as rng } from '../src/domain/random'
import type { ReadModelStore } from '../server/readmodel/ReadModelStore'
import { SqliteReadModel } from '../server/readmodel/SqliteReadModel'
import { PostgresReadModel } from '../server/readmodel/PostgresReadModel'
import { dashboardFor, DASHBOARD_PERIODS, type ChildGroup } from '../server/readmodel/queries'
import type { DocRows, EventRow } from '../server/readmodel/rows'
import { reindex } from '../server/readmodel/reindex'
import { SqliteDocStore } from '../server/storage/SqliteDocStore'
import { writeEventDoc } from './eventDoc'

const COUNCILS = Number(process.env.COUNCILS ?? 800)
const PER_DAY = Number(process.env.PER_DAY ?? 12)
const DAYS = Number(process.env.DAYS ?? 365)
const SAMPLE = Number(process.env.SAMPLE ?? 6)
const STREETS = 15
const COMMUNITIES = 120
const NOW = Date.parse('2026-12-02T12:00:00+08:00')
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

const load = () => `load ${loadavg()[0]!.toFixed(2)}`
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`

/** A council's year of events as the fold would produce them (realistic closure: most the same day). */
function councilEvents(councilId: string, seed: number): EventRow[] {
  const r = rng(seed)
  const out: EventRow[] = []
  const first = NOW - DAYS * DAY_MS
  for (let d = 0; d < DAYS; d++) {
    for (let i = 0; i < PER_DAY; i++) {
      const reportedAt = first + d * DAY_MS + Math.floor(r() * DAY_MS * 0.6)
      const age = NOW - reportedAt
      const open = r() < (age > 14 * DAY_MS ? 0.005 : 0.1)
      const handledAt = open ? null : reportedAt + Math.floor((r() < 0.85 ? r() * 6 : r() * 72) * 3_600_000)
      const handled = handledAt !== null && handledAt < NOW ? handledAt : null
      const rated = handled !== null && r() < 0.6
      out.push({
        councilId,
        eventId: `e${d}_${i}`,
        category: EVENT_CATEGORIES[Math.floor(r() * EVENT_CATEGORIES.length)]!,
        level: 'compound',
        status: rated ? 'rated' : handled ? 'handled' : 'assigned',
        reportedAt,
        assignedAt: reportedAt + 600_000,
        handledAt: handled,
        ratedAt: rated ? handled! + 3_600_000 : null,
        dueAt: endOfShanghaiDay(reportedAt),
        sameDay: handled !== null && sameShanghaiDay(handled, reportedAt),
        satisfaction: rated ? 3 + Math.floor(r() * 3) : null,
        escalations: 0,
      })
    }
  }
  return out
}

/** 1 district → 15 streets → 120 communities → councils, round robin. */
function tree() {
  const councils = Array.from({ length: COUNCILS }, (_, i) => `c${i}`)
  const communityOf = (i: number) => i % COMMUNITIES
  const streetOfCommunity = (k: number) => k % STREETS
  const inCommunity = (k: number) => councils.filter((_, i) => communityOf(i) === k)
  const communities: ChildGroup[] = Array.from({ length: COMMUNITIES }, (_, k) => ({
    id: `m${k}`,
    kind: 'community',
    name: `社区${k}`,
    councilIds: inCommunity(k),
  }))
  const streets: ChildGroup[] = Array.from({ length: STREETS }, (_, s) => ({
    id: `s${s}`,
    kind: 'street',
    name: `街道${s}`,
    councilIds: communities.filter((_, k) => streetOfCommunity(k) === s).flatMap((c) => c.councilIds),
  }))
  const street0 = communities.filter((_, k) => streetOfCommunity(k) === 0)
  const community0: ChildGroup[] = communities[0]!.councilIds.map((id) => ({
    id,
    kind: 'council',
    name: id,
    councilIds: [id],
  }))
  const orgTree = new Map(
    councils.map((c, i) => [c, [`m${communityOf(i)}`, `s${streetOfCommunity(communityOf(i))}`, 'd']]),
  )
  return {
    orgTree,
    district: { node: { id: 'd' }, tree: orgTree, councilIds: councils, children: streets },
    street: { node: { id: 's0' }, tree: orgTree, councilIds: streets[0]!.councilIds, children: street0 },
    community: { node: { id: 'm0' }, tree: orgTree, councilIds: communities[0]!.councilIds, children: community0 },
  }
}

async function fill(rm: ReadModelStore): Promise<{ ms: number; events: number }> {
  const t0 = performance.now()
  let events = 0
  let batch: DocRows[] = []
  for (let i = 0; i < COUNCILS; i++) {
    const ev = councilEvents(`c${i}`, i + 1)
    events += ev.length
    batch.push({ scope: 'events', councilId: `c${i}`, events: ev })
    if (batch.length === 4) {
      await rm.replaceMany(batch)
      batch = []
    }
  }
  await rm.replaceMany(batch)
  return { ms: performance.now() - t0, events }
}

async function queries(rm: ReadModelStore, runs = 15): Promise<void> {
  const t = tree()
  console.log('  query                 p50 ms   p95 ms   reported   councils   load')
  for (const level of ['district', 'street', 'community'] as const) {
    for (const kind of DASHBOARD_PERIODS) {
      const target = t[level]
      const q = { kind, at: NOW, now: NOW }
      let reported = 0
      const times: number[] = []
      for (let i = 0; i < runs + 2; i++) {
        const t0 = performance.now()
        const d = await dashboardFor(rm, target, q)
        if (i >= 2) times.push(performance.now() - t0) // two warm-up runs
        reported = d.totals.reported
      }
      console.log(
        `  ${`${level} ${kind}`.padEnd(20)} ${pct(times, 0.5).toFixed(1).padStart(7)} ${pct(times, 0.95).toFixed(1).padStart(8)} ${String(reported).padStart(10)} ${String(target.councilIds.length).padStart(10)}   ${load()}`,
      )
    }
  }
}

/** A year of real event docs for SAMPLE councils (domain commands), then reindex from the store. */
async function reindexSample(rm: ReadModelStore, dir: string): Promise<void> {
  const store = new SqliteDocStore(join(dir, 'docs'))
  const t0 = performance.now()
  let events = 0
  for (let c = 0; c < SAMPLE; c++) {
    const doc = new Y.Doc()
    const rows = councilEvents(`s${c}`, 1000 + c)
    writeEventDoc(doc, rows)
    events += rows.length
    await store.appendUpdates(docName('event', `s${c}`), [Y.encodeStateAsUpdate(doc)])
    doc.destroy()
  }
  const genMs = performance.now() - t0
  const c0 = performance.now()
  await rm.clear() // emptying the 3.5 M-event tables is not part of the per-doc rate
  console.log(`  clear (reindex's first step) ${((performance.now() - c0) / 1000).toFixed(1)} s   ${load()}`)
  const r = await reindex(store, rm)
  await store.close()
  const perDoc = r.ms / r.docs
  console.log(
    `  docs written in ${(genMs / 1000).toFixed(1)} s (${events} events); reindex ${r.docs} docs / ${r.events} events in ${(r.ms / 1000).toFixed(1)} s = ${(r.events / (r.ms / 1000)).toFixed(0)} events/s, ${perDoc.toFixed(0)} ms per council-year doc   ${load()}`,
  )
  console.log(
    `  → full reindex of ${COUNCILS} councils × ${PER_DAY}/day × ${DAYS} days ≈ ${((perDoc * COUNCILS) / 60_000).toFixed(1)} min (extrapolated, one process)`,
  )
}

async function bench(label: string, rm: ReadModelStore, dir: string): Promise<void> {
  console.log(`\n${label}: ${COUNCILS} councils × ${PER_DAY} events/day × ${DAYS} days`)
  await rm.syncOrgTree(tree().orgTree) // node counters are kept from the first fold on
  const f = await fill(rm)
  console.log(
    `  tables written: ${f.events} events in ${(f.ms / 1000).toFixed(1)} s (${(f.events / (f.ms / 1000)).toFixed(0)} events/s incl. counters)   ${load()}`,
  )
  console.log(`  storage: ${mb(await rm.sizeBytes())} (events, counters, indexes)   ${load()}`)
  await queries(rm)
  // An org-tree change: street s1's councils move to street s2 (their counters move with them).
  const moved = new Map(tree().orgTree)
  for (const [c, path] of moved) if (path[1] === 's1') moved.set(c, [path[0]!, 's2', 'd'])
  const m0 = performance.now()
  await rm.syncOrgTree(moved)
  console.log(
    `  org tree sync, ${[...moved.values()].filter((p) => p[1] === 's2').length / 2} councils of a street moved: ${(performance.now() - m0).toFixed(0)} ms   ${load()}`,
  )
  await reindexSample(rm, dir)
}

console.log(`uptime: ${execSync('uptime').toString().trim()}`)
const dir = mkdtempSync(join(tmpdir(), 'yishi-bench-rm-'))
try {
  const sqlite = new SqliteReadModel(dir)
  await bench('SQLite', sqlite, dir)
  await sqlite.close()
  if (process.env.PG !== '0') {
    const schema = `yishi_bench_rm_${process.pid}`
    const rm = new PostgresReadModel({ connectionString: DATABASE_URL, schema })
    try {
      await rm.ready
      await bench('PostgreSQL', rm, join(dir, 'pg'))
    } catch (e) {
      console.log(`PostgreSQL skipped: ${e instanceof Error ? e.message : e}`)
    } finally {
      await rm.close().catch(() => {})
      const c = new pg.Client({ connectionString: DATABASE_URL })
      await c.connect().then(
        () => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => c.end()),
        () => {},
      )
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
