/**
 * Proposal documents (docs/schema.md "proposal"): `proposal:<councilId>:index` lists the council's
 * renovation plans; `proposal:<councilId>:<proposalId>` holds one plan: the co-edited draft of the
 * next version (title, summary, budget, items as nested Y.Maps so two people editing different
 * fields both keep their edit), photo references, per-item comments, adopted suggestions, and the
 * published versions as frozen JSON snapshots (written once, never edited).
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { migrateDoc, schemaVersionOf, type MigrationResult, type Migrations } from '../schemaVersion'
import { validEntries } from '../validEntries'
import { MAX_FEN } from './money'
import { DOC_KINDS } from '../docTypes'

// Callers read these from the feature's schema module.
export { schemaVersionOf, validEntries, type MigrationResult }

export const SCHEMA_VERSION = DOC_KINDS.proposal.schemaVersion

/** The renovation items of 邮政小区 (domain.md); `other` = free text in the title. */
export const CATEGORIES = [
  'wall_painting',
  'road_surfacing',
  'sewer_dredging',
  'street_lights',
  'rain_sewage_separation',
  'permeable_paving',
  'sunken_green',
  'service_centre',
  'other',
] as const
export type Category = (typeof CATEGORIES)[number]

const iso = z.string().min(10).max(40)
const text = (max: number) => z.string().max(max)
const fen = z.number().int().min(0).max(MAX_FEN)
const SHA256_HEX = /^[0-9a-f]{64}$/
/** Building id as on the roll ("1", "12A"); '' = compound-wide (全小区). */
const building = z.string().regex(/^([0-9A-Za-z]{1,8})?$/)

export const DraftItemSchema = z.object({
  category: z.enum(CATEGORIES),
  title: text(200),
  description: text(4000),
  building,
  costFen: fen,
  /** Sort key (fractional, so an insert between two items needs no renumbering). */
  order: z.number(),
  createdBy: z.string(),
  createdAt: iso,
})
export type DraftItem = z.infer<typeof DraftItemSchema>

export const DraftSchema = z.object({
  title: text(200),
  summary: text(8000),
  budgetFen: fen,
})
export type Draft = z.infer<typeof DraftSchema>

export const PhotoRefSchema = z.object({
  itemId: z.string(),
  /** SHA-256 of the compressed image bytes (lower-case hex): the blob's key on every device. */
  hash: z.string().regex(SHA256_HEX),
  type: z.enum(['image/jpeg', 'image/webp', 'image/png']),
  width: z.number().int().positive().max(10_000),
  height: z.number().int().positive().max(10_000),
  bytes: z.number().int().positive(),
  addedBy: z.string(),
  at: iso,
})
export type PhotoRef = z.infer<typeof PhotoRefSchema>

export const CommentSchema = z.object({
  itemId: z.string(),
  /** The comment this one answers (threads); null = a new thread on the item. */
  parentId: z.string().nullable(),
  text: text(4000).min(1),
  by: z.string(),
  byName: text(100),
  at: iso,
  /** Set on comments on a published version (in the proposal doc); absent on draft comments. */
  versionNo: z.number().int().positive().optional(),
})
export type Comment = z.infer<typeof CommentSchema>

/** A resident's suggestion (from a canvass visit) that the council took into the draft. */
export const AdoptionSchema = z.object({
  visitId: z.string(),
  /** The proposal item the suggestion was about. */
  itemId: z.string(),
  householdId: z.string(),
  text: text(2000),
  /** Version the visit asked about. */
  versionNo: z.number().int().positive(),
  adoptedBy: z.string(),
  adoptedByName: text(100),
  at: iso,
})
export type Adoption = z.infer<typeof AdoptionSchema>

export const VersionItemSchema = z.object({
  id: z.string(),
  category: z.enum(CATEGORIES),
  title: text(200),
  description: text(4000),
  building,
  costFen: fen,
  photos: z.array(z.string().regex(SHA256_HEX)),
})
export type VersionItem = z.infer<typeof VersionItemSchema>

export const VersionSchema = z.object({
  no: z.number().int().positive(),
  title: text(200),
  summary: text(8000),
  budgetFen: fen,
  items: z.array(VersionItemSchema),
  /** Suggestions this version answers: `suggestionKey` + the adoption as it was at publishing. */
  answers: z.array(AdoptionSchema.extend({ key: z.string() })),
  note: text(2000),
  publishedBy: z.string(),
  publishedByName: text(100),
  publishedAt: iso,
})
export type Version = z.infer<typeof VersionSchema>

export const ProposalMetaSchema = z.object({
  schemaVersion: z.number().int(),
  proposalId: z.string(),
  councilId: z.string(),
  createdBy: z.string(),
  createdAt: iso,
})
export type ProposalMeta = z.infer<typeof ProposalMetaSchema>

export const ProposalSummarySchema = z.object({
  title: text(200),
  createdAt: iso,
  /** Highest published version number (0 = only a draft). */
  latestVersion: z.number().int().min(0),
})
export type ProposalSummary = z.infer<typeof ProposalSummarySchema>

export const ROOTS = {
  meta: 'meta',
  draft: 'draft',
  items: 'items',
  photos: 'photos',
  versions: 'versions',
  comments: 'comments',
  adoptions: 'adoptions',
  /** index doc */
  proposals: 'proposals',
} as const

/** The key of one suggestion: a visit says one thing per item. */
export const suggestionKey = (visitId: string, itemId: string): string => `${visitId}:${itemId}`

/** Keyed by the version they upgrade from; idempotent. v0 = no `meta.schemaVersion` yet. */
const MIGRATIONS: Migrations = {
  0: (doc) => {
    // Draft fields every reader expects (a doc created by a pre-release client may lack them).
    const draft = doc.getMap(ROOTS.draft)
    // Since drafts live in their own doc (draftDoc.ts), a proposal doc without one stays without.
    if (draft.size === 0) return
    if (typeof draft.get('title') !== 'string') draft.set('title', '')
    if (typeof draft.get('summary') !== 'string') draft.set('summary', '')
    if (typeof draft.get('budgetFen') !== 'number') draft.set('budgetFen', 0)
  },
}

/** Runs pending migrations in one transaction. Refuses (without writing) a doc from a newer client. */
export function migrate(doc: Y.Doc, origin: unknown = { source: 'system', reason: 'migration' }): MigrationResult {
  return migrateDoc(doc, SCHEMA_VERSION, MIGRATIONS, origin)
}
