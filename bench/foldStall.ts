/**
 * How long the server's read-model folder blocks the event loop on a big event doc: one council's
 * year (12 events a day → 4,380 events, ~10,800 steps) loaded, then a step added every 100 ms (as
 * devices would), for 10 s. Once with whole-doc folds (the folder before incremental folding,
 * `incremental: false`), once incremental. perf_hooks.monitorEventLoopDelay over each phase (10 ms
 * resolution: what a sync peer waiting for an ACK or a broadcast would feel), plus the time of the
 * load-time fold and of a reload in the folded state. `uptime` load next to each figure.
 * Run: `npx tsx bench/foldStall.ts` (also in `npm run bench`). Env: PER_DAY, DAYS, SECONDS.
 */
import { execSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as Y from 'yjs'
import { docName } from '../src/domain/docTypes'
import { EVENT_CATEGORIES, ROOTS } from '../src/domain/grid/schema'
import { DAY_MS } from '../src/domain/grid/time'
import { prng } from '../src/domain/random'
import { createLogger } from '../server/log'
import { ReadModelFolder } from '../server/readmodel/folder'
import { SqliteReadModel } from '../server/readmodel/SqliteReadModel'
import { type BenchEvent, writeEventDoc } from './eventDoc'

const PER_DAY = Number(process.env.PER_DAY ?? 12)
const DAYS = Number(process.env.DAYS ?? 365)
const SECONDS = Number(process.env.SECONDS ?? 10)
const NOW = Date.parse('2026-12-02T12:00:00+08:00')
const NAME = docName('event', 'bench')
const load = () => `load ${loadavg()[0]!.toFixed(2)}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A council-year event doc: 12 a day, 98 % handled within the hour, half of them rated. */
function councilYear(): { doc: Y.Doc; ids: string[] } {
  const r = prng(7)
  const events: BenchEvent[] = []
  for (let d = 0; d < DAYS; d++)
    for (let i = 0; i < PER_DAY; i++) {
      const at = NOW - (DAYS - d) * DAY_MS + Math.floor(r() * DAY_MS * 0.6)
      const handled = r() < 0.98
      const rated = handled && r() < 0.5
      events.push({
        eventId: `e${d}_${i}`,
        category: EVENT_CATEGORIES[i % EVENT_CATEGORIES.length]!,
        reportedAt: at,
        handledAt: handled ? at + 3_600_000 : null,
        ratedAt: rated ? at + 7_200_000 : null,
        satisfaction: rated ? 4 : null,
      })
    }
  const doc = new Y.Doc()
  writeEventDoc(doc, events)
  return { doc, ids: events.map((e) => e.eventId) }
}

async function phase(incremental: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'yishi-bench-fold-'))
  const rm = new SqliteReadModel(dir)
  const folder = new ReadModelFolder(rm, { intervalMs: 250, log: createLogger('error'), incremental })
  try {
    const { doc, ids } = councilYear()
    let t0 = performance.now()
    folder.stored(NAME, doc)
    await folder.flush()
    const loadFold = performance.now() - t0
    const h = monitorEventLoopDelay({ resolution: 10 })
    h.enable()
    const r = prng(11)
    t0 = performance.now()
    let updates = 0
    while (performance.now() - t0 < SECONDS * 1000) {
      const id = ids[Math.floor(r() * ids.length)]!
      doc.transact(() =>
        doc.getMap(ROOTS.steps).set(`u${updates}`, {
          kind: 'rate',
          eventId: id,
          at: NOW,
          by: 'bench',
          byName: '网格员',
          seq: 9,
          satisfaction: 5,
          note: '',
        }),
      )
      folder.stored(NAME, doc)
      updates++
      await sleep(100)
    }
    await folder.flush()
    h.disable()
    const ms = (ns: number) => (ns / 1e6).toFixed(0)
    const folds = folder.folds
    const whole = folder.fullFolds
    // A reload in the folded state (a new Y.Doc of the same content): no fold when incremental.
    const again = new Y.Doc()
    Y.applyUpdate(again, Y.encodeStateAsUpdate(doc))
    t0 = performance.now()
    folder.stored(NAME, again)
    await folder.flush()
    const reload = performance.now() - t0
    console.log(
      `  ${incremental ? 'incremental' : 'whole-doc  '}  load fold ${loadFold.toFixed(0)} ms · ${updates} updates → ${folds - 1} folds (${whole - 1} of the whole doc) · loop delay p50 ${ms(h.percentile(50))} / p99 ${ms(h.percentile(99))} / max ${ms(h.max)} ms · reload ${reload.toFixed(0)} ms (${folder.folds - folds} folds)   ${load()}`,
    )
    await rm.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(`uptime: ${execSync('uptime').toString().trim()}`)
console.log(`fold stall: one council doc, ${PER_DAY} events/day × ${DAYS} days, a step every 100 ms for ${SECONDS} s`)
await phase(false)
await phase(true)
