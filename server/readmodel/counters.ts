/**
 * Event counters: per council and per org node, for every dashboard period kind (grain) the event
 * was reported in, per category and for all categories ('*'). A dashboard reads one row per
 * (node, category, period) instead of summing events or day counters of hundreds of councils.
 *
 * The stores keep them by DELTAS in the same transaction as the event rows: a fold's new rows
 * minus the rows they replace, added to the council's counters and to those of every org node the
 * council counts into (rm_council_nodes, synced from the org tree). A counter that drops to zero
 * reported events is deleted, so the tables always equal `rollUp` / `nodeRollUp` of the events —
 * tests/server/readModel.test.ts checks exactly that after random edits, restarts and tree moves.
 */
import { createHash } from 'node:crypto'
import { DASHBOARD_PERIODS, type DashboardPeriod } from '../../src/domain/org/dashboard'
import { periodAt, startOfShanghaiDay } from '../../src/domain/grid/time'
import type { CountRow, EventRow, NodeCountRow } from './rows'

export type Grain = DashboardPeriod
export const GRAINS: readonly Grain[] = DASHBOARD_PERIODS
export const ALL = '*'

/** council id → the org nodes it counts into (its community, street, district …) */
export type OrgTree = ReadonlyMap<string, readonly string[]>

export type Counters = Pick<CountRow, 'reported' | 'closed' | 'sameDay' | 'satSum' | 'satCount'>

const bucketCache = new Map<number, number[]>()
/** Start of each grain's period holding `ms` (cached per Beijing day: periodAt builds labels). */
export function bucketsOf(ms: number): readonly number[] {
  const day = startOfShanghaiDay(ms)
  let b = bucketCache.get(day)
  if (!b) {
    if (bucketCache.size > 20_000) bucketCache.clear()
    b = GRAINS.map((g) => periodAt(g, day).start)
    bucketCache.set(day, b)
  }
  return b
}

const keyOf = (grain: string, category: string, bucket: number) => `${grain}|${category}|${bucket}`

/** What one event adds to each of its counters (sign −1: what removing it takes away). */
function addEvent(out: Map<string, CountRow>, e: EventRow, sign: 1 | -1): void {
  const buckets = bucketsOf(e.reportedAt)
  for (let g = 0; g < GRAINS.length; g++) {
    for (const category of [e.category, ALL]) {
      const key = keyOf(GRAINS[g]!, category, buckets[g]!)
      let r = out.get(key)
      if (!r) {
        r = { councilId: e.councilId, grain: GRAINS[g]!, category, bucket: buckets[g]!, ...zero() }
        out.set(key, r)
      }
      r.reported += sign
      if (e.handledAt !== null) r.closed += sign
      if (e.sameDay) r.sameDay += sign
      if (e.satisfaction !== null) {
        r.satSum += sign * e.satisfaction
        r.satCount += sign
      }
    }
  }
}

export const zero = (): Counters => ({ reported: 0, closed: 0, sameDay: 0, satSum: 0, satCount: 0 })

/** The counters of one council's events. */
export function rollUp(events: readonly EventRow[]): CountRow[] {
  const out = new Map<string, CountRow>()
  for (const e of events) addEvent(out, e, 1)
  return [...out.values()]
}

/** Counter changes when `before` (events or counter rows) becomes `after`; all-zero changes dropped. */
export function countDelta(
  councilId: string,
  after: { events?: readonly EventRow[]; counts?: readonly CountRow[] },
  before: { events?: readonly EventRow[]; counts?: readonly CountRow[] },
): CountRow[] {
  const out = new Map<string, CountRow>()
  for (const e of after.events ?? []) addEvent(out, e, 1)
  for (const e of before.events ?? []) addEvent(out, e, -1)
  const addRow = (c: CountRow, sign: 1 | -1) => {
    const key = keyOf(c.grain, c.category, c.bucket)
    let r = out.get(key)
    if (!r) {
      r = { councilId, grain: c.grain, category: c.category, bucket: c.bucket, ...zero() }
      out.set(key, r)
    }
    r.reported += sign * c.reported
    r.closed += sign * c.closed
    r.sameDay += sign * c.sameDay
    r.satSum += sign * c.satSum
    r.satCount += sign * c.satCount
  }
  for (const c of after.counts ?? []) addRow(c, 1)
  for (const c of before.counts ?? []) addRow(c, -1)
  return [...out.values()].filter((r) => r.reported || r.closed || r.sameDay || r.satSum || r.satCount)
}

/** A council's counter changes as changes of the org nodes it counts into. */
export function nodeDelta(delta: readonly CountRow[], nodes: readonly string[]): NodeCountRow[] {
  return nodes.flatMap((nodeId) => delta.map(({ councilId: _, ...c }) => ({ nodeId, ...c })))
}

/** Node counters as the tables must hold them: every council's counters summed into its nodes. */
export function nodeRollUp(counts: readonly CountRow[], tree: OrgTree): NodeCountRow[] {
  const out = new Map<string, NodeCountRow>()
  for (const c of counts)
    for (const nodeId of tree.get(c.councilId) ?? []) {
      const key = `${nodeId}|${keyOf(c.grain, c.category, c.bucket)}`
      let r = out.get(key)
      if (!r) {
        r = { nodeId, grain: c.grain, category: c.category, bucket: c.bucket, ...zero() }
        out.set(key, r)
      }
      r.reported += c.reported
      r.closed += c.closed
      r.sameDay += c.sameDay
      r.satSum += c.satSum
      r.satCount += c.satCount
    }
  return [...out.values()]
}

/** A stable digest of a tree (the stores compare it before doing any work). */
export function treeHash(tree: OrgTree): string {
  const h = createHash('sha1')
  for (const c of [...tree.keys()].sort()) h.update(`${c}:${[...new Set(tree.get(c))].sort().join(',')};`)
  return h.digest('hex')
}

/** (council, node) pairs to drop and to add to turn `from` into `to`. */
export function treeDiff(
  from: OrgTree,
  to: OrgTree,
): { removed: Array<[string, string]>; added: Array<[string, string]>; councils: string[] } {
  const removed: Array<[string, string]> = []
  const added: Array<[string, string]> = []
  const councils = new Set<string>()
  for (const c of new Set([...from.keys(), ...to.keys()])) {
    const a = new Set(from.get(c) ?? [])
    const b = new Set(to.get(c) ?? [])
    for (const n of a)
      if (!b.has(n)) {
        removed.push([c, n])
        councils.add(c)
      }
    for (const n of b)
      if (!a.has(n)) {
        added.push([c, n])
        councils.add(c)
      }
  }
  return { removed, added, councils: [...councils].sort() }
}

/** Rows of rm_council_nodes as a tree. */
export function treeOf(pairs: ReadonlyArray<{ councilId: string; nodeId: string }>): Map<string, string[]> {
  const t = new Map<string, string[]>()
  for (const p of pairs) t.set(p.councilId, [...(t.get(p.councilId) ?? []), p.nodeId])
  return t
}
