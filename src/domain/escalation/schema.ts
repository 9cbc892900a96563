/**
 * The upper-level queue (上级受理) of one org node (community or street), docs/schema.md "queue":
 *
 *   queue:<orgNodeId>   Y.Map 'meta'     {schemaVersion}
 *                       Y.Map 'settings' {deadlineDays} (this level's deadline, set by its handlers)
 *                       Y.Map 'items'    itemId → QueueItem (written by the server only: a copy of an
 *                                        escalated event WITHOUT personal data)
 *                       Y.Map 'steps'    stepId → QueueStep (append-only, in the handler's own name)
 *
 * Why a copy and not access to the council's event doc: handlers are not council members, and the
 * event record holds the reporter, household and photo. The item carries what a handler needs
 * (category, summary, place in words, times) and where it came from (council + event ids), so the
 * server can mirror each handler step back into the council's event trail (server/escalation/).
 * `itemId` is the id of the step that escalated the event (the council's `escalate` step, or the
 * lower queue's `escalate` step), so writing the same escalation twice is a no-op.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { DOC_KINDS } from '../docTypes'
import { EVENT_CATEGORIES } from '../grid/schema'
import { migrateDoc, schemaVersionOf, type MigrationResult, type Migrations } from '../schemaVersion'
import { validEntries } from '../validEntries'

export { schemaVersionOf, validEntries, type MigrationResult }

export const SCHEMA_VERSION = DOC_KINDS.queue.schemaVersion

/** The org levels a queue can belong to (the compound handles its own events in its event doc). */
export const UPPER_LEVELS = ['community', 'street', 'district'] as const
export type UpperLevel = (typeof UPPER_LEVELS)[number]
/** Where an item came from: the compound (council) or a lower queue. */
export const FROM_LEVELS = ['compound', 'community', 'street'] as const

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
const text = (max: number) => z.string().max(max)
const ms = z.number().int().nonnegative()

export const QueueItemSchema = z
  .object({
    itemId: id,
    councilId: id,
    councilName: text(100).min(1),
    eventId: id,
    category: z.enum(EVENT_CATEGORIES),
    /** The event's title (what happened, no names). */
    summary: text(100).min(1),
    /** Where, in words (楼栋/单元/位置). */
    place: text(200),
    /** The council's note on the escalation (why it goes up). */
    note: text(1000),
    reportedAt: ms,
    escalatedAt: ms,
    fromLevel: z.enum(FROM_LEVELS),
    /** The queue's own level when the item was written. */
    level: z.enum(UPPER_LEVELS),
    dueAt: ms,
    /** The lower queue's node when escalated further (community → street). */
    fromNodeId: id.optional(),
  })
  .strict()
export type QueueItem = z.infer<typeof QueueItemSchema>

const stepBase = {
  itemId: id,
  at: ms,
  by: z.string().min(1).max(64),
  byName: text(50).min(1),
  note: text(1000).default(''),
  /** Lamport number within the item, as the event steps (src/domain/grid/schema.ts). */
  seq: z.number().int().min(1).max(1_000_000),
}

/**
 * accept 受理 · handle 办结 (note = the result, required) · escalate 上报上级 (to the parent node) ·
 * return 退回社区/小区 (back to the compound, with the reason).
 */
export const QueueStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('accept'), ...stepBase }).strict(),
  z.object({ kind: z.literal('handle'), ...stepBase, note: text(1000).min(1) }).strict(),
  z.object({ kind: z.literal('escalate'), ...stepBase }).strict(),
  z.object({ kind: z.literal('return'), ...stepBase, note: text(1000).min(1) }).strict(),
])
export type QueueStep = z.infer<typeof QueueStepSchema>
export type QueueStepKind = QueueStep['kind']
export const QUEUE_STEP_KINDS: readonly QueueStepKind[] = ['accept', 'handle', 'escalate', 'return']

export const DeadlineDaysSchema = z.number().int().min(1).max(60)

export const ROOTS = { meta: 'meta', settings: 'settings', items: 'items', steps: 'steps' } as const

/** Version 0 → 1 only stamps the version: no earlier format existed. */
const MIGRATIONS: Migrations = { 0: () => {} }

export function migrate(doc: Y.Doc, origin: unknown = 'migration'): MigrationResult {
  return migrateDoc(doc, SCHEMA_VERSION, MIGRATIONS, origin)
}
