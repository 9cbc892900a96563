/**
 * Rebuilds every read-model table from the stored docs: clear, then doc by doc (load → fold →
 * replace), a batch of folded docs per transaction. Memory stays bounded by one doc plus one batch.
 */
import * as Y from 'yjs'
import type { DocStore } from '../storage/DocStore'
import { gcFor } from '../../src/domain/docTypes'
import type { ReadModelStore } from './ReadModelStore'
import { stateMark } from './eventTracker'
import { foldDoc, foldsInto, type DocRows } from './rows'

export interface ReindexReport {
  docs: number
  events: number
  votes: number
  cases: number
  ms: number
}

/** Rows per transaction (a council's year of events is ~4,400 rows; counters come on top). */
const BATCH_ROWS = 20_000

export async function reindex(
  store: DocStore,
  rm: ReadModelStore,
  progress: (r: ReindexReport) => void = () => {},
): Promise<ReindexReport> {
  const t0 = performance.now()
  const report: ReindexReport = { docs: 0, events: 0, votes: 0, cases: 0, ms: 0 }
  await rm.clear()
  let batch: DocRows[] = []
  let batchRows = 0
  const flush = async () => {
    if (batch.length) await rm.replaceMany(batch)
    batch = []
    batchRows = 0
    report.ms = performance.now() - t0
    progress(report)
  }
  for (const name of (await store.list()).filter(foldsInto)) {
    const rows = foldStored(name, (await store.load(name)).updates)
    if (!rows) continue
    report.docs++
    if (rows.scope === 'events') report.events += rows.events.length
    else if (rows.scope === 'vote') report.votes += rows.vote ? 1 : 0
    else if (rows.scope === 'cases') report.cases += rows.cases.length
    batch.push(rows)
    batchRows += rows.scope === 'events' ? rows.events.length : 1
    if (batchRows >= BATCH_ROWS) await flush()
  }
  await flush()
  return report
}

/** The rows of a doc given its stored update rows (unreadable rows skipped, as SharedDoc does). */
export function foldStored(name: string, updates: readonly Uint8Array[]): DocRows | null {
  const doc = new Y.Doc({ gc: gcFor(name) })
  try {
    for (const u of updates) {
      try {
        Y.applyUpdate(doc, u)
      } catch {
        // same as SharedDoc: one unreadable row must not hide the rest of the doc
      }
    }
    const rows = foldDoc(name, doc)
    // The mark lets the server skip the fold when it next loads this doc unchanged.
    return rows && { ...rows, folded: { doc: name, state: stateMark(doc) } }
  } finally {
    doc.destroy()
  }
}
