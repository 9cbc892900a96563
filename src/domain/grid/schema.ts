/**
 * The grid feature's three documents (docs/schema.md):
 *
 *   grid:<councilId>    Y.Map 'meta' {schemaVersion, importedAt, importedBy}
 *                       Y.Map 'nodes'  nodeId → GridNode (plain record; replaced as a whole by CSV import)
 *   event:<councilId>   Y.Map 'meta' {schemaVersion}
 *                       Y.Map 'events' eventId → EventRecord (append-only: what was found, where, by whom)
 *                       Y.Map 'steps'  stepId  → Step (append-only: report/assign/reassign/escalate/handle/rate)
 *   lists:<councilId>   Y.Map 'meta' {schemaVersion}
 *                       Y.Map 'needs' | 'resources' | 'projects' | 'results'  id → record (editable by managers)
 *                       Y.Map 'orders'     orderId → Order (append-only 点单)
 *                       Y.Map 'orderSteps' stepId  → OrderStep (append-only 派单/接单/完成/评单)
 *                       Y.Map 'points'     entryId → PointsEntry (append-only manual adjustments)
 *
 * Why append-only entries under random keys: several tablets record steps offline for hours; new
 * keys never collide, so every step survives the merge and the event's state is a fold over its
 * steps in time order (events.ts). Two dispatchers assigning the same event offline both appear in
 * the timeline; the later one is current. Nothing is overwritten, so the server can enforce
 * "append-only, in your own name" by comparing maps (server/access/rules/gridRules.ts).
 * Records are plain JSON validated with zod when read; instants are epoch ms.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { migrateDoc, schemaVersionOf, type MigrationResult, type Migrations } from '../schemaVersion'
import { validEntries } from '../validEntries'
import { DOC_KINDS } from '../docTypes'

// Callers read these from the feature's schema module.
export { schemaVersionOf, validEntries, type MigrationResult }

export const SCHEMA_VERSION = DOC_KINDS.grid.schemaVersion

export const GRID_LEVELS = ['district', 'street', 'community', 'compound', 'building', 'micro'] as const
export type GridLevel = (typeof GRID_LEVELS)[number]
export const levelRank = (l: GridLevel): number => GRID_LEVELS.indexOf(l)

const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)
const text = (max: number) => z.string().max(max)
const ms = z.number().int().nonnegative()
const maskedPhone = z.union([z.literal(''), z.string().regex(/^1[3-9]\d\*{4}\d{4}$/)])

export const PersonSchema = z.object({ name: text(50).min(1), phone: maskedPhone }).strict()
export type Person = z.infer<typeof PersonSchema>

export const GridNodeSchema = z
  .object({
    id,
    level: z.enum(GRID_LEVELS),
    name: text(100).min(1),
    parentId: id.nullable(),
    head: PersonSchema.nullable(),
    members: z.array(PersonSchema).max(50),
    /** Roll building numbers this (building or micro) grid covers. */
    buildings: z.array(z.string().regex(/^[0-9A-Za-z]{1,8}$/)).max(100),
  })
  .strict()
export type GridNode = z.infer<typeof GridNodeSchema>

export const EVENT_CATEGORIES = [
  'environment',
  'facility',
  'safety',
  'dispute',
  'parking',
  'greening',
  'service',
  'other',
] as const
export type EventCategory = (typeof EVENT_CATEGORIES)[number]

export const EventRecordSchema = z
  .object({
    eventId: id,
    category: z.enum(EVENT_CATEGORIES),
    title: text(100).min(1),
    description: text(1000),
    /** Where, in words (楼栋/单元/位置). */
    place: text(200),
    /** Roll building number, for the schematic (optional). */
    building: z
      .string()
      .regex(/^[0-9A-Za-z]{1,8}$/)
      .optional(),
    /** The household who raised it or is affected: its resident may rate the handling. */
    householdId: z
      .string()
      .regex(/^[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}$/)
      .optional(),
    /** Grid node the event belongs to when found (escalation starts here). */
    gridId: id.nullable(),
    /** Small JPEG as a data URL (downscaled on the device), optional. */
    photo: z
      .string()
      .max(300_000)
      .regex(/^data:image\/(jpeg|png|webp);base64,/)
      .optional(),
    source: z.enum(['worker', 'resident']),
    reporterId: z.string().min(1).max(64),
    /** Display name; residents' names are stored masked (张*), every member reads this doc. */
    reporterName: text(50),
    foundAt: ms,
    createdAt: ms,
  })
  .strict()
export type EventRecord = z.infer<typeof EventRecordSchema>

/**
 * `seq`: causal position of the step within its event (a Lamport number): 1 + the highest `seq` of
 * that event's steps the writer had seen. A step written after seeing another always sorts after
 * it, whatever the devices' clocks say; `at` is for display and durations only. Absent in steps
 * written before it existed (read as 0, ordered among themselves by `at`).
 */
const stepBase = {
  eventId: id,
  at: ms,
  by: z.string().min(1).max(64),
  byName: text(50),
  note: text(1000).default(''),
  seq: z.number().int().min(1).max(1_000_000).optional(),
}
export const AssigneeSchema = z
  .object({
    name: text(100).min(1),
    /** An account that may record the handling itself (else the grid worker records it). */
    userId: z.string().max(64).optional(),
    kind: z.enum(['person', 'body']),
  })
  .strict()
export type Assignee = z.infer<typeof AssigneeSchema>

export const StepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('report'), ...stepBase }).strict(),
  z.object({ kind: z.literal('assign'), ...stepBase, assignee: AssigneeSchema, dueAt: ms }).strict(),
  z.object({ kind: z.literal('reassign'), ...stepBase, assignee: AssigneeSchema, dueAt: ms }).strict(),
  z
    .object({ kind: z.literal('escalate'), ...stepBase, toGridId: id.nullable(), toLevel: z.enum(GRID_LEVELS) })
    .strict(),
  z.object({ kind: z.literal('handle'), ...stepBase }).strict(),
  z.object({ kind: z.literal('rate'), ...stepBase, satisfaction: z.number().int().min(1).max(5) }).strict(),
  /**
   * A step taken by the upper level (community/street queue, src/domain/escalation/), mirrored here
   * by the server only (key `up_<queueStepId>`): `by`/`byName` are the handler's, `viaNode` the org
   * node whose queue it was taken in. Clients can never write this kind (grid/writeRules.ts).
   */
  z
    .object({
      kind: z.literal('upper'),
      ...stepBase,
      action: z.enum(['accept', 'handle', 'escalate', 'return']),
      viaNode: id,
      nodeName: text(100).min(1),
      level: z.enum(['community', 'street', 'district']),
      queueStepId: id,
    })
    .strict(),
])
export type Step = z.infer<typeof StepSchema>
export type StepKind = Step['kind']
export type UpperStep = Extract<Step, { kind: 'upper' }>
export const STEP_KINDS: readonly StepKind[] = ['report', 'assign', 'reassign', 'escalate', 'handle', 'rate', 'upper']

// ---- four lists and the volunteer loop ----
export const RESOURCE_KINDS = ['person', 'body', 'volunteer', 'merchant'] as const
export const NeedSchema = z
  .object({
    title: text(200).min(1),
    detail: text(1000),
    householdId: z.string().max(30).optional(),
    status: z.enum(['open', 'linked', 'met']),
    createdBy: z.string(),
    createdAt: ms,
  })
  .strict()
export const ResourceSchema = z
  .object({
    kind: z.enum(RESOURCE_KINDS),
    name: text(100).min(1),
    offer: text(500),
    contact: maskedPhone,
    userId: z.string().max(64).optional(),
    createdBy: z.string(),
    createdAt: ms,
  })
  .strict()
export const ProjectSchema = z
  .object({
    title: text(200).min(1),
    needIds: z.array(id).max(100),
    resourceIds: z.array(id).max(100),
    status: z.enum(['planned', 'active', 'closed']),
    createdBy: z.string(),
    createdAt: ms,
    closedAt: ms.optional(),
  })
  .strict()
export const ResultSchema = z
  .object({
    projectId: id,
    outcome: text(1000).min(1),
    beneficiaries: z.number().int().min(0).max(1_000_000),
    closedAt: ms,
    createdBy: z.string(),
  })
  .strict()
export const OrderSchema = z
  .object({
    orderId: id,
    service: text(100).min(1),
    detail: text(500),
    householdId: z.string().max(30).optional(),
    /**
     * 红色代办: recorded by a volunteer or staff on behalf of the household's (often elderly)
     * resident, with their consent; the household's resident may still rate it on any device.
     */
    proxy: z.literal(true).optional(),
    requesterId: z.string().min(1).max(64),
    requesterName: text(50),
    at: ms,
  })
  .strict()
const orderStepBase = { orderId: id, at: ms, by: z.string().min(1).max(64), byName: text(50) }
export const OrderStepSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('dispatch'),
      ...orderStepBase,
      resourceId: id,
      volunteerName: text(100),
      volunteerUserId: z.string().max(64).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('accept'), ...orderStepBase }).strict(),
  /** 拒单: the volunteer (or unit) the order went to says no, with a reason; the order is dispatched again. */
  z.object({ kind: z.literal('decline'), ...orderStepBase, reason: text(200).min(1) }).strict(),
  z.object({ kind: z.literal('done'), ...orderStepBase, note: text(500) }).strict(),
  z.object({ kind: z.literal('rate'), ...orderStepBase, rating: z.number().int().min(1).max(5) }).strict(),
])
export const PointsEntrySchema = z
  .object({
    resourceId: id,
    points: z.number().int().min(-1000).max(1000),
    reason: text(200).min(1),
    by: z.string(),
    at: ms,
  })
  .strict()
export type Need = z.infer<typeof NeedSchema>
export type Resource = z.infer<typeof ResourceSchema>
export type Project = z.infer<typeof ProjectSchema>
export type Result = z.infer<typeof ResultSchema>
export type Order = z.infer<typeof OrderSchema>
export type OrderStep = z.infer<typeof OrderStepSchema>
export type PointsEntry = z.infer<typeof PointsEntrySchema>

export const ROOTS = {
  meta: 'meta',
  nodes: 'nodes',
  events: 'events',
  steps: 'steps',
  needs: 'needs',
  resources: 'resources',
  projects: 'projects',
  results: 'results',
  orders: 'orders',
  orderSteps: 'orderSteps',
  points: 'points',
} as const

/**
 * All three docs share one version line (they ship together). Version 0 → 1 only stamps the
 * version: no earlier format existed. Refuses (without writing) a doc from a newer client.
 */
const MIGRATIONS: Migrations = { 0: () => {} }

export function migrate(doc: Y.Doc, origin: unknown = 'migration'): MigrationResult {
  return migrateDoc(doc, SCHEMA_VERSION, MIGRATIONS, origin)
}

/** 张三 → 张*, for residents' names in docs every member reads. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.join('')
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`
}

/** 13812345678 → 138****5678; an already masked number is kept; anything else → ''. */
export function maskPhone(phone: string): string {
  const p = phone.replace(/[\s-]/g, '')
  if (/^1[3-9]\d{9}$/.test(p)) return `${p.slice(0, 3)}****${p.slice(7)}`
  if (/^1[3-9]\d\*{4}\d{4}$/.test(p)) return p
  return ''
}
