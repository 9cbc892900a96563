/**
 * The queue's read model: each item folded with its handler steps (causal order, `seq` first) into
 * one row with its state, deadline and overdue flag. States: new (待受理) → accepted (已受理) →
 * handled (已办结) | escalated (已上报上级) | returned (已退回). The three last ones close the item here;
 * a later step (e.g. two handlers offline) still shows in the trail and the latest one is current.
 */
import type * as Y from 'yjs'
import { QueueItemSchema, QueueStepSchema, ROOTS, validEntries, type QueueItem, type QueueStep } from './schema'

export type QueueState = 'new' | 'accepted' | 'handled' | 'escalated' | 'returned'

export interface QueueRow extends QueueItem {
  state: QueueState
  /** Closed here: handled, escalated further or returned. */
  closed: boolean
  acceptedAt: number | null
  closedAt: number | null
  /** Not closed and past the deadline at `now` (or closed after it: `late`). */
  overdue: boolean
  late: boolean
  steps: Array<QueueStep & { id: string }>
}

const CLOSING: Record<QueueStep['kind'], QueueState | null> = {
  accept: null,
  handle: 'handled',
  escalate: 'escalated',
  return: 'returned',
}

type Ordered = { seq: number; at: number; id: string }
const causally = (a: Ordered, b: Ordered) => a.seq - b.seq || a.at - b.at || a.id.localeCompare(b.id)

export function foldItem(item: QueueItem, steps: Array<QueueStep & { id: string }>, now: number): QueueRow {
  const sorted = [...steps].sort(causally)
  let state: QueueState = 'new'
  let acceptedAt: number | null = null
  let closedAt: number | null = null
  for (const s of sorted) {
    const closing = CLOSING[s.kind]
    if (closing) {
      state = closing
      closedAt = s.at
    } else {
      acceptedAt ??= s.at
      if (state === 'new') state = 'accepted'
    }
  }
  const closed = closedAt !== null
  return {
    ...item,
    state,
    closed,
    acceptedAt,
    closedAt,
    overdue: !closed && now > item.dueAt,
    late: closed && closedAt! > item.dueAt,
    steps: sorted,
  }
}

export interface QueueSnapshot {
  rows: QueueRow[]
  /** This node's deadline setting (days), null = the level's default. */
  deadlineDays: number | null
  invalid: string[]
}

/** Open first (overdue on top, then by deadline), then closed ones newest first. */
export function readQueue(doc: Y.Doc, now: number = Date.now()): QueueSnapshot {
  const items = validEntries(doc.getMap(ROOTS.items), QueueItemSchema)
  const steps = validEntries(doc.getMap(ROOTS.steps), QueueStepSchema)
  const stepsOf = new Map<string, Array<QueueStep & { id: string }>>()
  for (const [id, s] of steps.items) {
    const list = stepsOf.get(s.itemId) ?? []
    list.push({ ...s, id })
    stepsOf.set(s.itemId, list)
  }
  const rows: QueueRow[] = []
  const invalid = [...steps.invalid]
  for (const [key, item] of items.items) {
    if (item.itemId !== key) invalid.push(key)
    else rows.push(foldItem(item, stepsOf.get(key) ?? [], now))
  }
  rows.sort(
    (a, b) =>
      Number(a.closed) - Number(b.closed) ||
      Number(b.overdue) - Number(a.overdue) ||
      (a.closed ? (b.closedAt ?? 0) - (a.closedAt ?? 0) : a.dueAt - b.dueAt) ||
      a.itemId.localeCompare(b.itemId),
  )
  const days = doc.getMap(ROOTS.settings).get('deadlineDays')
  return { rows, deadlineDays: typeof days === 'number' ? days : null, invalid: [...items.invalid, ...invalid] }
}
