/**
 * The steps of each event of a live event doc, as order marks (src/domain/grid/writeRules.ts
 * `StepMark`), so judging a new step costs O(steps of its event) instead of a pass over the whole
 * doc (a council's event doc holds every event it ever had). Built once per doc on first use,
 * then kept current by an observer on the doc's `steps` map (steps are append-only; the server
 * refuses removals, so entries are only ever added).
 */
import type * as Y from 'yjs'
import { ROOTS } from '../../../src/domain/grid/schema'
import { stepMark, type StepMark } from '../../../src/domain/grid/writeRules'

type Index = Map<string, StepMark[]>
const indexes = new WeakMap<Y.Doc, Index>()

function add(index: Index, value: unknown): void {
  const m = stepMark(value)
  if (!m) return
  const list = index.get(m.eventId)
  if (list) list.push(m.m)
  else index.set(m.eventId, [m.m])
}

function build(doc: Y.Doc): Index {
  const index: Index = new Map()
  const steps = doc.getMap<unknown>(ROOTS.steps)
  // Raw items, not toJSON: keys are client strings (issue 14), values are read as stored.
  for (const item of steps._map.values()) if (!item.deleted) add(index, item.content.getContent().at(-1))
  steps.observe((ev) => {
    for (const [key, change] of ev.changes.keys) if (change.action === 'add') add(index, steps.get(key))
  })
  return index
}

/** The marks of `eventId`'s stored steps in the live doc `doc`. */
export function storedStepMarks(doc: Y.Doc, eventId: string): readonly StepMark[] {
  let index = indexes.get(doc)
  if (!index) {
    index = build(doc)
    indexes.set(doc, index)
  }
  return index.get(eventId) ?? []
}
