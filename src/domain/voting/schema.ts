/**
 * The vote document (表决), one Y.Doc per vote, named `vote:<councilId>:<voteId>` (docs/schema.md).
 *
 *   Y.Map 'meta'        schemaVersion, councilId, voteId, title, question, proposalId?, proposalVersionId?,
 *                       matter ('special' | 'ordinary'), opensAt / closesAt (ISO), status
 *                       ('draft' → 'open' → 'closed'), createdBy/At, openedBy/At, closedBy/At
 *   Y.Map 'frozenRoll'  householdId → FrozenFlat — the roll copied once when the vote opens; later roll
 *                       imports do not change it (a flat sold during the vote keeps its old owner id,
 *                       so "a ballot cast by the old owner stands")
 *   Y.Map 'ballots'     ballotId → Ballot — append-only, plain records; no names or signatures
 *   Y.Map 'resolutions' resolutionId → Resolution — append-only; discarded ballots stop counting
 *   Y.Map 'log'         eventId → VoteEvent — create / open / close, append-only
 *
 * Every reader of a Yjs doc receives all of it, and residents may read the vote they vote in. So the
 * frozen roll carries no names or phones (only building/unit/flat/floor, owner id and area), and a
 * tablet ballot carries only `signed: true`: the voter's name and handwritten signature go into the
 * separate `votesig:<councilId>:<voteId>` doc (signatures.ts), which residents cannot open.
 *
 * Versions: 1 wrote `voterName` + `signature` into tablet ballots; 2 (this) writes `signed: true`
 * instead. A Yjs doc cannot be cleaned on devices that already hold it (and ballots are append-only),
 * so v1 docs keep those fields: readers strip them (readVote never returns them; see
 * LegacyBallotSchema), the server refuses new ballots that carry them (BallotSchema is strict), and
 * a v1 client cannot write into a v2 doc (checkVoteSchema).
 */
import type * as Y from 'yjs'
import { fail, type Fail } from '../result'
import { z } from 'zod'
import { HOUSEHOLD_ID_PATTERN, ID_PART_PATTERN } from '../roll/schema'
import { RECEIPT_DIGEST } from './receipt'
import type { Matter } from './tally'
import { DOC_KINDS } from '../docTypes'

export const VOTE_SCHEMA_VERSION = DOC_KINDS.vote.schemaVersion
const ID = /^[A-Za-z0-9_-]{1,64}$/

export type VoteId = string & { readonly __brand: 'VoteId' }
export type BallotId = string & { readonly __brand: 'BallotId' }

export const CHOICES = ['agree', 'oppose', 'abstain'] as const
export type Choice = (typeof CHOICES)[number]
/** tablet: recorded by a head/member on a visit (voter name + signature, kept in the votesig doc);
 * paper: typed in from a paper ballot (serial); self: a resident on their own device. */
export const CHANNELS = ['tablet', 'paper', 'self'] as const
export type Channel = (typeof CHANNELS)[number]
export const STATUSES = ['draft', 'open', 'closed'] as const
export type VoteStatus = (typeof STATUSES)[number]

export const VoteMetaSchema = z.object({
  schemaVersion: z.number().int().positive(),
  councilId: z.string().regex(ID),
  voteId: z.string().regex(ID),
  title: z.string().min(1).max(200),
  question: z.string().max(2000),
  proposalId: z.string().max(64).optional(),
  proposalVersionId: z.string().max(64).optional(),
  matter: z.enum(['special', 'ordinary']),
  opensAt: z.string().max(40),
  closesAt: z.string().max(40),
  status: z.enum(STATUSES),
  createdBy: z.string().max(64),
  createdAt: z.number(),
  openedBy: z.string().max(64).optional(),
  openedAt: z.number().optional(),
  closedBy: z.string().max(64).optional(),
  closedAt: z.number().optional(),
})
export type VoteMeta = z.infer<typeof VoteMetaSchema>

export const FrozenFlatSchema = z
  .object({
    householdId: z.string().regex(HOUSEHOLD_ID_PATTERN),
    ownerId: z.string().min(1).max(32),
    /** registered exclusive area, "82.50" — the tally's RollFlat.areaM2 */
    areaM2: z.string().regex(/^\d{1,7}\.\d{2}$/),
    building: z.string().regex(ID_PART_PATTERN),
    unit: z.string().regex(ID_PART_PATTERN),
    flat: z.string().regex(ID_PART_PATTERN),
    floor: z.number().int(),
  })
  .strict()
export type FrozenFlat = z.infer<typeof FrozenFlatSchema>

/**
 * A ballot as written into `ballots`. Validated by the server on arrival (server/access/rules/
 * voteRules.ts) with the same schema; `recordedBy` must be the user whose connection sends it.
 */
export const BallotSchema = z
  .object({
    householdId: z.string().regex(HOUSEHOLD_ID_PATTERN),
    choice: z.enum(CHOICES),
    channel: z.enum(CHANNELS),
    recordedBy: z.string().min(1).max(64),
    recordedByName: z.string().max(60).optional(),
    /** device id of the tablet/phone (per install, see ui/voting/device.ts) */
    device: z.string().max(64).optional(),
    /** epoch ms on the recording device */
    at: z.number().int().nonnegative(),
    /** tablet: the voter signed; name and signature are in the votesig doc under the same ballot id */
    signed: z.literal(true).optional(),
    /** paper: the serial number printed on the paper ballot */
    paperSerial: z.string().max(40).optional(),
    /** SHA-256 of the ballot's receipt code (receipt.ts); the code itself is kept only by the voter */
    receipt: z.string().regex(RECEIPT_DIGEST).optional(),
  })
  .strict()
export type Ballot = z.infer<typeof BallotSchema>

/**
 * Version 1 ballots (still in docs created before version 2): the voter's name and signature inside
 * the ballot. Only readers use this, and they drop both fields (a v1 ballot with a signature reads
 * as `signed: true`); nothing writes it any more.
 */
export const LegacyBallotSchema = BallotSchema.extend({
  voterName: z.string().max(60).optional(),
  signature: z.string().max(60_000).optional(),
})

/** A stored ballot of any version as a version 2 ballot: personal fields stripped. */
export function stripLegacyBallot(value: unknown): { success: true; data: Ballot } | { success: false } {
  const parsed = LegacyBallotSchema.safeParse(value)
  if (!parsed.success) return { success: false }
  const { voterName: _name, signature, ...ballot } = parsed.data
  return { success: true, data: signature ? { ...ballot, signed: true } : ballot }
}

export const ResolutionSchema = z
  .object({
    /** the conflict group: one household, or every flat of one owner (cross-flat conflict) */
    householdIds: z.array(z.string().regex(HOUSEHOLD_ID_PATTERN)).min(1).max(200),
    keepBallotId: z.string().regex(ID),
    discardBallotIds: z.array(z.string().regex(ID)).max(500),
    reason: z.string().trim().min(1).max(500),
    resolvedBy: z.string().min(1).max(64),
    resolvedByName: z.string().max(60).optional(),
    device: z.string().max(64).optional(),
    at: z.number().int().nonnegative(),
  })
  .strict()
export type Resolution = z.infer<typeof ResolutionSchema>

export const VoteEventSchema = z
  .object({
    type: z.enum(['create', 'open', 'close']),
    by: z.string().min(1).max(64),
    byName: z.string().max(60).optional(),
    device: z.string().max(64).optional(),
    at: z.number().int().nonnegative(),
    /** open: number of flats frozen; close: result hash at the closing device */
    detail: z.string().max(200).optional(),
    /** close: the doc's Yjs state vector (base64) at closing — which ballots the close saw (read.ts) */
    sv: z
      .string()
      .max(20_000)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/)
      .optional(),
  })
  .strict()
export type VoteEvent = z.infer<typeof VoteEventSchema>

export const voteMeta = (doc: Y.Doc) => doc.getMap<unknown>('meta')
export const frozenRollMap = (doc: Y.Doc) => doc.getMap<unknown>('frozenRoll')
export const ballotsMap = (doc: Y.Doc) => doc.getMap<unknown>('ballots')
export const resolutionsMap = (doc: Y.Doc) => doc.getMap<unknown>('resolutions')
export const logMap = (doc: Y.Doc) => doc.getMap<unknown>('log')
/** Root names a vote doc may contain (the server refuses updates touching any other root). */
export const VOTE_ROOTS = ['meta', 'frozenRoll', 'ballots', 'resolutions', 'log'] as const

/**
 * A doc of a newer version than this client's must not be written by it (v1 docs are read as v2):
 * the refusal every command returns before writing (the person is asked to update the app).
 */
export function checkVoteSchema(doc: Y.Doc): Fail<'vote.newer_schema'> | null {
  const v = voteMeta(doc).get('schemaVersion')
  return typeof v === 'number' && v > VOTE_SCHEMA_VERSION ? fail('vote.newer_schema', String(v)) : null
}

export type { Matter }
