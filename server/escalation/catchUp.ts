/**
 * Catch-up: redoes every bridge write a crash may have left undone (the event step stored, the queue
 * item not yet; a handler step stored, its mirror not yet). Reads every stored event and queue doc
 * straight from the store and asks the bridge for each escalation and handler step; writes that are
 * already there are no-ops (writeOnce), so it is safe on every start and on several processes.
 * Cost: one pass over the event and queue docs (docs/ops.md "Escalation bridge").
 */
import * as Y from 'yjs'
import { leavesCompound, type EscalateStep } from '../../src/domain/escalation/bridge'
import { QueueStepSchema, ROOTS as QUEUE_ROOTS } from '../../src/domain/escalation/schema'
import { parseDocName } from '../../src/domain/docTypes'
import { ROOTS as GRID_ROOTS, StepSchema } from '../../src/domain/grid/schema'
import type { DocStore } from '../storage/DocStore'
import type { EscalationBridge } from './bridge'

export interface CatchUpReport {
  docs: number
  written: number
}

async function loadDoc(store: DocStore, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const u of (await store.load(name)).updates) {
    try {
      Y.applyUpdate(doc, u)
    } catch {
      // an unreadable row is skipped, as on load (SharedDoc)
    }
  }
  return doc
}

export async function catchUpEscalations(store: DocStore, bridge: EscalationBridge): Promise<CatchUpReport> {
  const report: CatchUpReport = { docs: 0, written: 0 }
  const count = (r: string) => {
    if (r === 'written') report.written++
  }
  const names = (await store.list()).map((n) => ({ n, p: parseDocName(n) }))
  // Escalations first: the queue steps of the second pass may need the items they create.
  for (const { n, p } of names) {
    if (p?.kind !== 'event') continue
    report.docs++
    const doc = await loadDoc(store, n)
    for (const [key, v] of doc.getMap<unknown>(GRID_ROOTS.steps).entries()) {
      const s = StepSchema.safeParse(v)
      if (s.success && leavesCompound(s.data))
        count(await bridge.escalation(p.councilId, key, s.data as EscalateStep, doc))
    }
    doc.destroy()
  }
  for (const { n, p } of names) {
    if (p?.kind !== 'queue') continue
    report.docs++
    const doc = await loadDoc(store, n)
    const steps = [...doc.getMap<unknown>(QUEUE_ROOTS.steps).entries()]
    for (const [key, v] of steps) {
      const s = QueueStepSchema.safeParse(v)
      if (s.success) count(await bridge.handlerStep(p.councilId, key, s.data, doc))
    }
    doc.destroy()
  }
  return report
}
