/**
 * Handler commands on a queue doc: one step per transaction, in the handler's own name. Input that
 * fails its schema is refused as a Result (src/domain/result.ts; detail = the fields) and writes nothing.
 */
import type * as Y from 'yjs'
import { byUser, type NamedActor } from '../actor'
import { ok, parseAs, type Result } from '../result'
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
): Result<string, 'queue.invalid_step'> {
  const step = parseAs(
    QueueStepSchema,
    {
      kind,
      itemId,
      note: note.trim(),
      at: now,
      by: handler.userId,
      byName: handler.name,
      seq: nextStepSeq(doc.getMap(ROOTS.steps), 'itemId', itemId),
    },
    'queue.invalid_step',
  )
  if (!step.ok) return step
  const id = newQueueStepId()
  doc.transact(() => doc.getMap(ROOTS.steps).set(id, step.value), byUser(handler.userId))
  return ok(id)
}

/** This node's deadline in days (handlers of the node or above set it). */
export function setDeadlineDays(doc: Y.Doc, days: number, handler: Handler): Result<void, 'queue.invalid_deadline'> {
  const d = parseAs(DeadlineDaysSchema, days, 'queue.invalid_deadline')
  if (!d.ok) return d
  doc.transact(() => doc.getMap(ROOTS.settings).set('deadlineDays', d.value), byUser(handler.userId))
  return ok()
}
