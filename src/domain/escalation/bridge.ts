/**
 * What the server's escalation bridge writes (server/escalation/), as pure functions: the queue item
 * copied from an escalated event (no reporter, household, description or photo), the item moved one
 * level up, and the council-side step mirroring a handler's step. Keys are derived from the step
 * that caused the write, so writing the same thing twice is a no-op.
 */
import type { EventRecord, Step, UpperStep } from '../grid/schema'
import { dueAtFor } from './deadlines'
import { mirrorStepKey } from './ids'
import { UPPER_LEVELS, type QueueItem, type QueueStep, type UpperLevel } from './schema'

export type EscalateStep = Extract<Step, { kind: 'escalate' }>

/** An org node as the bridge needs it (src/domain/org/ OrgNode). */
export interface BridgeNode {
  id: string
  kind: 'district' | 'street' | 'community'
  name: string
  parentId: string | null
}

export const isUpperLevel = (level: string): level is UpperLevel => (UPPER_LEVELS as readonly string[]).includes(level)

/** A council's escalate step that leaves the compound (to the community, street or district). */
export const leavesCompound = (s: Step): s is EscalateStep => s.kind === 'escalate' && isUpperLevel(s.toLevel)

/** The node of `level` at or above `fromId` (the council's community), or null. Cycle-safe. */
export function nodeAtLevel(nodes: readonly BridgeNode[], fromId: string, level: UpperLevel): BridgeNode | null {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const seen = new Set<string>()
  let n = byId.get(fromId)
  while (n && !seen.has(n.id)) {
    if (n.kind === level) return n
    seen.add(n.id)
    n = n.parentId === null ? undefined : byId.get(n.parentId)
  }
  return null
}

/** The queue item for a council's escalate step (`stepId`) of `event`. */
export function itemFromEvent(
  event: EventRecord,
  stepId: string,
  step: EscalateStep,
  council: { id: string; name: string },
  level: UpperLevel,
  deadlineDays: number,
): QueueItem {
  return {
    itemId: stepId,
    councilId: council.id,
    councilName: council.name,
    eventId: event.eventId,
    category: event.category,
    summary: event.title,
    place: event.place,
    note: step.note,
    reportedAt: event.createdAt,
    escalatedAt: step.at,
    fromLevel: 'compound',
    level,
    dueAt: dueAtFor(step.at, deadlineDays),
  }
}

/** The item moved one level up by a handler's escalate step (`stepId`) in node `fromNodeId`'s queue. */
export function itemMovedUp(
  item: QueueItem,
  stepId: string,
  step: QueueStep,
  fromNodeId: string,
  level: UpperLevel,
  deadlineDays: number,
): QueueItem {
  return {
    ...item,
    itemId: stepId,
    note: step.note,
    escalatedAt: step.at,
    fromLevel: item.level === 'district' ? 'street' : item.level,
    level,
    dueAt: dueAtFor(step.at, deadlineDays),
    fromNodeId,
  }
}

/** The council-side step for handler step `stepId` taken in `node`'s queue; `seq` from the event doc. */
export function mirrorStep(
  item: QueueItem,
  stepId: string,
  step: QueueStep,
  node: BridgeNode,
  seq: number,
): { key: string; step: UpperStep } {
  return {
    key: mirrorStepKey(stepId),
    step: {
      kind: 'upper',
      eventId: item.eventId,
      at: step.at,
      by: step.by,
      byName: step.byName,
      note: step.note,
      seq,
      action: step.kind,
      viaNode: node.id,
      nodeName: node.name,
      level: node.kind,
      queueStepId: stepId,
    },
  }
}
