/** Handler commands on a queue doc: one step per transaction, in the handler's own name. */
import type * as Y from 'yjs'
import { byUser, type NamedActor } from '../actor'
import { nextStepSeq } from '../stepSeq'
import { newQueueStepId } from './ids'
import { DeadlineDaysSchema, QueueStepSchema, ROOTS, type QueueStepKind } from './schema'

/** The handler writing (an org_handler account). */
export type Handler = NamedActor

export function addQueueStep(
  doc: Y.Doc,
  itemId: string,
  kind: QueueStepKind,
  note: string,
  handler: Handler,
  now: number,
): string {
  const step = QueueStepSchema.parse({
    kind,
    itemId,
    note: note.trim(),
    at: now,
    by: handler.userId,
    byName: handler.name,
    seq: nextStepSeq(doc.getMap(ROOTS.steps), 'itemId', itemId),
  })
  const id = newQueueStepId()
  doc.transact(() => doc.getMap(ROOTS.steps).set(id, step), byUser(handler.userId))
  return id
}

/** This node's deadline in days (handlers of the node or above set it). */
export function setDeadlineDays(doc: Y.Doc, days: number, handler: Handler): void {
  const d = DeadlineDaysSchema.parse(days)
  doc.transact(() => doc.getMap(ROOTS.settings).set('deadlineDays', d), byUser(handler.userId))
}
