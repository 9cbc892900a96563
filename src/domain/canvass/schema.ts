/**
 * Canvass doc `canvass:<councilId>:<proposalId>` (docs/schema.md "canvass"): one root, `visits`, a
 * Y.Map<visitId, Visit> of plain JSON records, append-only and checked by the server
 * ('append-only-visits', 'own-scope-visits' in server/access/rules/canvassRules.ts). Heads may
 * touch no other root, so the doc has no meta: every visit names the proposal version it asked
 * about. Two heads visiting one household make two records; both are kept and shown.
 */
import { newId } from '../ids'
import { z } from 'zod'
import { DOC_KINDS } from '../docTypes'

export const SCHEMA_VERSION = DOC_KINDS.canvass.schemaVersion
export const VISITS = 'visits'

export type VisitId = string & { readonly __brand: 'VisitId' }
export const newVisitId = (): VisitId => newId('w') as VisitId

export const OUTCOMES = ['visited', 'not_home', 'refused'] as const
export type Outcome = (typeof OUTCOMES)[number]
export const STANCES = ['support', 'oppose', 'none'] as const
export type Stance = (typeof STANCES)[number]

export const OpinionSchema = z.object({
  stance: z.enum(STANCES),
  suggestion: z.string().max(2000),
})
export type Opinion = z.infer<typeof OpinionSchema>

export const VisitSchema = z.object({
  /** Written into every record (no meta root): a reader never needs the visit's context. */
  v: z.literal(SCHEMA_VERSION),
  proposalId: z.string(),
  versionNo: z.number().int().positive(),
  householdId: z.string().regex(/^[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}$/),
  outcome: z.enum(OUTCOMES),
  /** Who opened the door (户主本人, 家属 …); '' when nobody was met. */
  metName: z.string().max(100),
  /** Item id → the household's opinion; only for `visited`. */
  opinions: z.record(z.string(), OpinionSchema),
  /** General remark not tied to an item. */
  remark: z.string().max(2000),
  signature: z
    .object({
      width: z.number().positive().max(4000),
      height: z.number().positive().max(4000),
      paths: z.array(z.string().max(20_000)).max(200),
    })
    .optional(),
  visitor: z.string(),
  visitorName: z.string().max(100),
  device: z.string().max(100),
  /** ISO 8601 instant, for display; compared only as an instant (Date.parse), never as text. */
  at: z.string().min(10).max(40),
  /**
   * Causal position among the household's visits (a Lamport number): 1 + the highest `seq` of that
   * household's visits the recording device had seen. A visit recorded after seeing another sorts
   * after it whatever the clocks say. Absent in visits recorded before it existed (read as 0).
   */
  seq: z.number().int().min(1).max(1_000_000).optional(),
})
export type Visit = z.infer<typeof VisitSchema>
export interface VisitEntry extends Visit {
  id: string
}

const instant = (iso: string): number => {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? 0 : t
}

/** Oldest first: causal order (`seq`), then the instant of `at`, then the id (concurrent visits). */
export function visitOrder(a: VisitEntry, b: VisitEntry): number {
  return (a.seq ?? 0) - (b.seq ?? 0) || instant(a.at) - instant(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
