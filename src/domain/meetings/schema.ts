/**
 * Meeting documents (docs/schema.md): `meeting:<councilId>:index` lists the council's meetings and
 * holds every action item (so the council-wide follow-up list opens one doc), and
 * `meeting:<councilId>:<meetingId>` holds one meeting's agenda, invitees, sign-ins and decisions.
 * Records are plain JSON values validated with zod when read (they may come from any client).
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { migrateDoc, schemaVersionOf, type MigrationResult, type Migrations } from '../schemaVersion'
import { validEntries } from '../validEntries'
import { DOC_KINDS } from '../docTypes'

// Callers read these from the feature's schema module.
export { schemaVersionOf, validEntries, type MigrationResult }

export const SCHEMA_VERSION = DOC_KINDS.meeting.schemaVersion

/** 五方联动: the five parties that deliberate together. */
export const PARTIES = ['community', 'owners_committee', 'property', 'council', 'owner_rep'] as const
export type Party = (typeof PARTIES)[number]

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const iso = z.string().min(10).max(40)
const text = (max: number) => z.string().max(max)

export const MeetingMetaSchema = z.object({
  schemaVersion: z.number().int(),
  meetingId: z.string(),
  councilId: z.string(),
  title: text(200),
  /** Local time in Asia/Shanghai, `YYYY-MM-DDTHH:mm`. */
  startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
  place: text(200),
  convener: text(100),
  createdBy: z.string(),
  createdAt: iso,
  sealedAt: iso.optional(),
  sealedBy: z.string().optional(),
})
export type MeetingMeta = z.infer<typeof MeetingMetaSchema>

export const AgendaItemSchema = z.object({
  title: text(300).min(1),
  presenter: text(100),
  /** A proposal or case id this item is about (free text: ids are council-local). */
  linkedId: text(80).optional(),
})
export type AgendaItem = z.infer<typeof AgendaItemSchema>

export const InviteeSchema = z.object({
  name: text(100).min(1),
  party: z.enum(PARTIES),
  /** Council members count towards the quorum. */
  member: z.boolean(),
  userId: z.string().optional(),
})
export type Invitee = z.infer<typeof InviteeSchema>

export const SignatureSchema = z.object({
  width: z.number().positive().max(4000),
  height: z.number().positive().max(4000),
  /** SVG path data (`M x y L x y …`), one per stroke, coordinates in the width × height box. */
  paths: z.array(z.string().max(20_000)).max(200),
})
export type Signature = z.infer<typeof SignatureSchema>

export const SignInSchema = z.object({
  at: iso,
  recordedBy: z.string(),
  method: z.enum(['tap', 'signature']),
  signature: SignatureSchema.optional(),
})
export type SignIn = z.infer<typeof SignInSchema>

export const DecisionSchema = z.object({
  agendaItemId: z.string(),
  text: text(2000).min(1),
  /** Show of hands; null when the decision was by consensus without a count. */
  votes: z
    .object({ for: z.number().int().min(0), against: z.number().int().min(0), abstain: z.number().int().min(0) })
    .nullable(),
  recordedBy: z.string(),
  at: iso,
})
export type Decision = z.infer<typeof DecisionSchema>

export const ActionItemSchema = z.object({
  meetingId: z.string(),
  agendaItemId: z.string().optional(),
  what: text(500).min(1),
  owner: text(100).min(1),
  /** Due day in Asia/Shanghai, `YYYY-MM-DD` (overdue from the next day's 00:00 there). */
  due: day,
  createdBy: z.string(),
  createdAt: iso,
  doneAt: iso.nullable().optional(),
  doneBy: z.string().nullable().optional(),
})
export type ActionItem = z.infer<typeof ActionItemSchema>

export const MeetingSummarySchema = z.object({
  title: text(200),
  startsAt: z.string(),
  place: text(200),
  sealed: z.boolean(),
})
export type MeetingSummary = z.infer<typeof MeetingSummarySchema>

/** Root names of the meeting doc and the index doc. */
export const ROOTS = {
  meta: 'meta',
  agenda: 'agenda',
  agendaOrder: 'agendaOrder',
  invitees: 'invitees',
  signIns: 'signIns',
  decisions: 'decisions',
  meetings: 'meetings',
  actions: 'actions',
} as const

/**
 * Migrations keyed by the version they upgrade from; each is idempotent. Version 0 is a doc with
 * no `meta.schemaVersion` (created before this schema, or only ever written by old clients).
 */
const MIGRATIONS: Migrations = {
  0: (doc) => {
    // Agenda order as an array of ids with no duplicates, and every agenda item in it.
    normaliseAgendaOrder(doc)
  },
}

/** Runs pending migrations in one transaction. Refuses (without writing) a doc from a newer client. */
export function migrate(doc: Y.Doc, origin: unknown = 'migration'): MigrationResult {
  return migrateDoc(doc, SCHEMA_VERSION, MIGRATIONS, origin)
}

/** Removes duplicate ids (concurrent moves) and ids of deleted items; appends orphaned items. */
export function normaliseAgendaOrder(doc: Y.Doc): void {
  const order = doc.getArray<string>(ROOTS.agendaOrder)
  const items = doc.getMap(ROOTS.agenda)
  const seen = new Set<string>()
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order.get(i)
    // Keep the first occurrence: walk backwards, so drop a later duplicate only if an earlier exists.
    if (!items.has(id) || order.toArray().indexOf(id) !== i) order.delete(i, 1)
  }
  for (const id of order.toArray()) seen.add(id)
  const orphans = [...items.keys()].filter((k) => !seen.has(k)).sort()
  if (orphans.length > 0) order.push(orphans)
}
