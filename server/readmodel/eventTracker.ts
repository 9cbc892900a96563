/**
 * Incremental folding of a council's event doc: which events an update touched, and their rows.
 *
 * Folding the whole doc (readEvents: zod over every event and step, then every event's fold) costs
 * 1–10 s for a council-year doc of ~4,400 events and ~10,000 steps — on the event loop. An update
 * touches one event or a few. So the folder keeps, per loaded event doc, an index step → event and
 * the set of event ids changed since the last fold (observers on the `events` and `steps` roots),
 * and folds only those: the same validation and foldEvent as readEvents, per event. An event that
 * is gone or invalid now is removed. tests/server/readModel.test.ts checks the result against a
 * fold of the whole doc after random edits; tests/server/readModelFolder.test.ts directly.
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { foldEvent } from '../../src/domain/grid/events'
import { EventRecordSchema, ROOTS, StepSchema, type Step } from '../../src/domain/grid/schema'
import { eventRow, type EventRow } from './rows'

const plain = (v: unknown) => (v instanceof Y.Map ? v.toJSON() : v)
const eventIdOf = (v: unknown): string | null => {
  const id = (plain(v) as { eventId?: unknown } | null)?.eventId
  return typeof id === 'string' ? id : null
}

export class EventTracker {
  private readonly events: Y.Map<unknown>
  private readonly steps: Y.Map<unknown>
  /** step id → the event it names (raw: validated when folded) */
  private readonly stepEvent = new Map<string, string>()
  private readonly stepsOf = new Map<string, Set<string>>()
  private touched = new Set<string>()
  private readonly onEvents: (evs: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void
  private readonly onSteps: (evs: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void

  constructor(doc: Y.Doc) {
    this.events = doc.getMap(ROOTS.events)
    this.steps = doc.getMap(ROOTS.steps)
    this.steps.forEach((v, k) => {
      this.index(k, eventIdOf(v))
    })
    this.onEvents = (evs) => {
      for (const k of changedKeys(this.events, evs)) this.touched.add(k)
    }
    this.onSteps = (evs) => {
      for (const k of changedKeys(this.steps, evs)) {
        const before = this.stepEvent.get(k)
        if (before !== undefined) this.touched.add(before)
        const now = this.steps.has(k) ? eventIdOf(this.steps.get(k)) : null
        this.index(k, now)
        if (now !== null) this.touched.add(now)
      }
    }
    this.events.observeDeep(this.onEvents)
    this.steps.observeDeep(this.onSteps)
  }

  private index(stepId: string, eventId: string | null): void {
    const before = this.stepEvent.get(stepId)
    if (before === eventId) return
    if (before !== undefined) {
      this.stepsOf.get(before)?.delete(stepId)
      this.stepEvent.delete(stepId)
    }
    if (eventId === null) return
    this.stepEvent.set(stepId, eventId)
    const set = this.stepsOf.get(eventId)
    if (set) set.add(stepId)
    else this.stepsOf.set(eventId, new Set([stepId]))
  }

  /** The event ids changed since the last take (and forgets them). */
  take(): string[] {
    const out = [...this.touched]
    this.touched = new Set()
    return out
  }

  /** Rows of `ids` as readEvents would fold them; ids with no valid event now are `removed`. */
  fold(councilId: string, ids: readonly string[]): { upserts: EventRow[]; removed: string[] } {
    const upserts: EventRow[] = []
    const removed: string[] = []
    for (const id of ids) {
      const rec = EventRecordSchema.safeParse(plain(this.events.get(id)))
      if (!this.events.has(id) || !rec.success || rec.data.eventId !== id) {
        removed.push(id)
        continue
      }
      const steps: Array<Step & { id: string }> = []
      for (const sid of this.stepsOf.get(id) ?? []) {
        const s = StepSchema.safeParse(plain(this.steps.get(sid)))
        if (s.success && s.data.eventId === id) steps.push({ ...s.data, id: sid })
      }
      upserts.push(eventRow(councilId, foldEvent(rec.data, steps)))
    }
    return { upserts, removed }
  }

  detach(): void {
    this.events.unobserveDeep(this.onEvents)
    this.steps.unobserveDeep(this.onSteps)
  }
}

/** Root keys an observeDeep batch changed (a nested change counts for its root key). */
function changedKeys(root: Y.Map<unknown>, evs: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>): Set<string> {
  const keys = new Set<string>()
  for (const e of evs) {
    if (e.target === root) for (const k of (e as Y.YMapEvent<unknown>).keysChanged) keys.add(k)
    else if (typeof e.path[0] === 'string') keys.add(e.path[0])
  }
  return keys
}

/** The doc's state (state vector + delete set) as a short string: equal marks = equal content. */
export function stateMark(doc: Y.Doc): string {
  // A digest keeps marks short whatever the number of devices that wrote the doc.
  return createHash('sha1')
    .update(Y.encodeSnapshot(Y.snapshot(doc)))
    .digest('base64')
}
