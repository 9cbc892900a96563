/**
 * Benchmark event docs written straight into their maps — the same records and steps reportEvent
 * and addStep write (validated with the same schemas), without addStep's per-step scan of every
 * step for the next `seq` (O(n²) over a council-year: minutes per doc).
 */
import type * as Y from 'yjs'
import { eventRecord } from '../src/domain/grid/events'
import type { EventId } from '../src/domain/grid/ids'
import { EVENT_CATEGORIES, ROOTS, StepSchema } from '../src/domain/grid/schema'

export interface BenchEvent {
  eventId: string
  category: string
  reportedAt: number
  handledAt: number | null
  ratedAt: number | null
  satisfaction: number | null
}

const actor = { userId: 'bench', name: '网格员' }

export function writeEventDoc(doc: Y.Doc, events: readonly BenchEvent[]): void {
  const evMap = doc.getMap(ROOTS.events)
  const steps = doc.getMap(ROOTS.steps)
  let n = 0
  const step = (s: Record<string, unknown>) =>
    steps.set(`s${n++}`, StepSchema.parse({ by: actor.userId, byName: actor.name, note: '', ...s }))
  doc.transact(() => {
    for (const e of events) {
      const category = (EVENT_CATEGORIES as readonly string[]).includes(e.category) ? e.category : 'other'
      const rec = { category: category as 'other', title: '事件', description: '', place: '', gridId: null }
      const at = e.reportedAt
      evMap.set(e.eventId, eventRecord({ ...rec, source: 'worker', foundAt: at }, actor, at, e.eventId as EventId))
      step({ kind: 'report', eventId: e.eventId, at, seq: 1 })
      if (e.handledAt !== null) step({ kind: 'handle', eventId: e.eventId, at: e.handledAt, seq: 2 })
      if (e.satisfaction !== null && e.ratedAt !== null)
        step({ kind: 'rate', eventId: e.eventId, at: e.ratedAt, seq: 3, satisfaction: e.satisfaction })
    }
  })
}
