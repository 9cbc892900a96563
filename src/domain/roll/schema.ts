/**
 * The household roll document (户籍名册), one Y.Doc per compound, named `roll:<compoundId>`.
 *
 *   Y.Map 'meta'
 *     schemaVersion: number   — ROLL_SCHEMA_VERSION; a client refuses to write a newer version
 *     compoundId:    string   — [A-Za-z0-9_-]{1,64} (doc-name safe)
 *     importedAt:    string   — ISO 8601 time of the last import
 *     importedBy:    string   — user/device id of the last import
 *   Y.Map 'households'  household_id → HouseholdRecord (a PLAIN JSON object, not a nested Y.Map)
 *
 * Why plain records: the roll changes by whole-file import, not by field-level co-editing, so a
 * record is replaced as one value (last writer wins per household). A plain value arrives whole —
 * a peer can never observe half an update — and is validated in one step with
 * `HouseholdRecordSchema`; "unchanged" on re-import is a simple deep compare. Nested Y.Maps would
 * merge concurrent edits of different fields, which the roll does not need, at the cost of more
 * CRDT metadata per flat and partial states to validate.
 *
 * Area is stored as integer centi-m² (`areaCenti`, 82.50 m² → 8250): exact, see law/area.ts.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { DOC_KINDS } from '../docTypes'
import { fail, ok, type Result } from '../result'

export const ROLL_SCHEMA_VERSION = DOC_KINDS.roll.schemaVersion
const COMPOUND_ID = /^[A-Za-z0-9_-]{1,64}$/

export const HOUSEHOLD_ID_PATTERN = /^([0-9A-Za-z]{1,8})-([0-9A-Za-z]{1,8})-([0-9A-Za-z]{1,8})$/
export const ID_PART_PATTERN = /^[0-9A-Za-z]{1,8}$/
export const OWNER_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/
/** mainland mobile: 1, then 3–9, then 9 digits */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/
/** co-owner names are separated by 、 (the sample's convention) or ; / ； */
export const MASKED_PHONE_PATTERN = /^1[3-9]\d\*{4}\d{4}$/

export const CO_OWNER_SEPARATORS = /[、;；]/

export const HouseholdRecordSchema = z
  .object({
    householdId: z.string().regex(HOUSEHOLD_ID_PATTERN),
    building: z.string().regex(ID_PART_PATTERN),
    unit: z.string().regex(ID_PART_PATTERN),
    floor: z.number().int().min(-9).max(999),
    flat: z.string().regex(ID_PART_PATTERN),
    ownerId: z.string().regex(OWNER_ID_PATTERN),
    ownerName: z.string().min(1).max(100),
    coOwners: z.array(z.string().min(1).max(100)).max(20),
    areaCenti: z.number().int().positive().max(999_999_999),
    residents: z.number().int().min(0).max(999),
    // The shared doc only ever holds masked numbers: every reader of a Yjs doc gets all of it, so
    // full phones stay on the server (GET /api/councils/<id>/households/<hid>/phone, audit-logged).
    phone: z.union([z.literal(''), z.string().regex(MASKED_PHONE_PATTERN)]),
    note: z.string().max(500),
  })
  .strict()
  .refine((r) => r.householdId === `${r.building}-${r.unit}-${r.flat}`, {
    error: 'householdId must be building-unit-flat',
  })

export type HouseholdRecord = z.infer<typeof HouseholdRecordSchema>

export const RollMetaSchema = z.object({
  schemaVersion: z.number().int().positive(),
  compoundId: z.string().regex(COMPOUND_ID).optional(),
  importedAt: z.string().optional(),
  importedBy: z.string().optional(),
})
export type RollMeta = z.infer<typeof RollMetaSchema>

export function rollMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta')
}
export function householdsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('households')
}

export function readRollMeta(doc: Y.Doc): RollMeta | null {
  const parsed = RollMetaSchema.safeParse(rollMetaMap(doc).toJSON())
  return parsed.success ? parsed.data : null
}

/** schemaVersion of the doc; 0 when the doc has never been initialised. */
export function rollSchemaVersion(doc: Y.Doc): number {
  const v = rollMetaMap(doc).get('schemaVersion')
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0
}

/** A roll doc this app must not write: from a newer app version, or another compound's. */
export type RollRefusal = 'roll.newer_schema' | 'roll.compound_mismatch'

/**
 * Migrations, keyed by the version they upgrade FROM. Each runs inside the caller's transaction
 * and must be idempotent: two offline tablets may both migrate the same doc and their writes merge.
 */
export const ROLL_MIGRATIONS: Record<number, (doc: Y.Doc) => void> = {
  // 0 → 1: an uninitialised (or pre-release, unversioned) doc gets the version stamp.
  0: (doc) => {
    rollMetaMap(doc).set('schemaVersion', 1)
  },
}

/**
 * Brings the doc up to ROLL_SCHEMA_VERSION and stamps compoundId if missing. Refuses — before
 * writing anything — a doc written by a newer client (writing with an old schema could destroy
 * fields we do not know) or belonging to another compound. Safe to call inside a transaction.
 */
export function migrateRollDoc(doc: Y.Doc, compoundId?: string): Result<void, RollRefusal> {
  const from = rollSchemaVersion(doc)
  if (from > ROLL_SCHEMA_VERSION) return fail('roll.newer_schema', `${from}>${ROLL_SCHEMA_VERSION}`)
  if (compoundId !== undefined && !COMPOUND_ID.test(compoundId)) {
    throw new Error(`invalid compoundId ${JSON.stringify(compoundId)}`)
  }
  const meta = rollMetaMap(doc)
  const existing = meta.get('compoundId')
  if (compoundId !== undefined && typeof existing === 'string' && existing !== compoundId) {
    return fail('roll.compound_mismatch', existing)
  }
  if (from === ROLL_SCHEMA_VERSION && (compoundId === undefined || existing === compoundId)) return ok()
  doc.transact(() => {
    for (let v = from; v < ROLL_SCHEMA_VERSION; v++) {
      const step = ROLL_MIGRATIONS[v]
      if (!step) throw new Error(`missing roll migration from version ${v}`)
      step(doc)
    }
    if (compoundId !== undefined) meta.set('compoundId', compoundId)
  })
  return ok()
}

/** Validates a value found in the 'households' map (possibly written by another client). */
export function parseHouseholdRecord(value: unknown): HouseholdRecord | null {
  const parsed = HouseholdRecordSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}
