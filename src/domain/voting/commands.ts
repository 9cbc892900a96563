/**
 * Writes to a vote doc. Each command validates its input first and writes in one transaction, so a
 * peer (and the server's content rules) never sees half of it. Offline-safe: ids are made here.
 * Refusals a user can cause come back as `Result`s (src/domain/result.ts) with a `VoteCommandError`
 * code and write nothing; programmer mistakes throw.
 */
import type * as Y from 'yjs'
import type { Actor } from '../actor'
import { newId } from '../ids'
import { fail, issuePaths, ok, type Result } from '../result'
import { formatAreaCenti } from '../law/area'
import type { HouseholdRecord } from '../roll/schema'
import { encodeStateVectorBase64, readVote, type StoredBallot } from './read'
import { discardsFor, openConflicts, tallyVote, type ConflictGroup } from './resolution'
import { voteResultHash } from './canonical'
import { newReceiptCode, receiptDigest } from './receipt'
import { SignatureEntrySchema, signaturesMap } from './signatures'
import {
  BallotSchema,
  FrozenFlatSchema,
  ResolutionSchema,
  VOTE_SCHEMA_VERSION,
  VoteMetaSchema,
  VoteEventSchema,
  ballotsMap,
  checkVoteSchema,
  frozenRollMap,
  logMap,
  resolutionsMap,
  voteMeta,
  type Ballot,
  type FrozenFlat,
  type VoteEvent,
  type VoteMeta,
} from './schema'

export type VoteCommandError =
  | 'vote.newer_schema'
  | 'vote.not_draft'
  | 'vote.not_open'
  | 'vote.open_conflicts'
  | 'vote.empty_roll'
  | 'vote.invalid'
  | 'ballot.unknown_household'
  | 'ballot.invalid'
  | 'ballot.no_signature_doc'
  | 'resolution.invalid'
  | 'resolution.not_in_group'
/** Commands answer with the vote's id (or the new record's); `recordBallot` adds the receipt code. */
export type VoteCommandResult<T = string> = Result<T, VoteCommandError>
/** recordBallot: the receipt code to show/print for the voter (kept nowhere else). */
export type BallotRecorded = { id: string; receipt: string }

function logEvent(doc: Y.Doc, type: VoteEvent['type'], actor: Actor, at: number, detail?: string, sv?: string): void {
  const ev: VoteEvent = VoteEventSchema.parse({
    type,
    by: actor.userId,
    byName: actor.name,
    device: actor.device,
    at,
    ...(detail ? { detail } : {}),
    ...(sv ? { sv } : {}),
  })
  logMap(doc).set(newId('ev'), ev)
}

export interface NewVote {
  councilId: string
  voteId?: string
  title: string
  question: string
  proposalId?: string
  proposalVersionId?: string
  matter: 'special' | 'ordinary'
  opensAt: string
  closesAt: string
}

export function createVote(doc: Y.Doc, input: NewVote, actor: Actor, now = Date.now()): VoteCommandResult {
  const newer = checkVoteSchema(doc)
  if (newer) return newer
  if (voteMeta(doc).get('status') !== undefined) return fail('vote.not_draft')
  const voteId = input.voteId ?? newId('v')
  const meta = VoteMetaSchema.safeParse({
    schemaVersion: VOTE_SCHEMA_VERSION,
    councilId: input.councilId,
    voteId,
    title: input.title.trim(),
    question: input.question.trim(),
    ...(input.proposalId ? { proposalId: input.proposalId } : {}),
    ...(input.proposalVersionId ? { proposalVersionId: input.proposalVersionId } : {}),
    matter: input.matter,
    opensAt: input.opensAt,
    closesAt: input.closesAt,
    status: 'draft',
    createdBy: actor.userId,
    createdAt: now,
  })
  if (!meta.success) return fail('vote.invalid', issuePaths(meta.error))
  doc.transact(() => {
    const m = voteMeta(doc)
    for (const [k, v] of Object.entries(meta.data)) m.set(k, v)
    logEvent(doc, 'create', actor, now)
  })
  return ok(voteId)
}

/** Draft-only edits of the question, matter and times. */
export function updateDraft(
  doc: Y.Doc,
  patch: Partial<
    Pick<VoteMeta, 'title' | 'question' | 'matter' | 'opensAt' | 'closesAt' | 'proposalId' | 'proposalVersionId'>
  >,
): VoteCommandResult {
  const snap = readVote(doc)
  if (snap.meta?.status !== 'draft') return fail('vote.not_draft')
  const next = VoteMetaSchema.safeParse({ ...snap.meta, ...patch })
  if (!next.success) return fail('vote.invalid')
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) voteMeta(doc).set(k, v)
  })
  return ok(snap.meta.voteId)
}

/** The roll as frozen into a vote: no names or phones (see schema.ts). */
export function freezeRoll(households: readonly HouseholdRecord[]): FrozenFlat[] {
  return households.map((h) =>
    FrozenFlatSchema.parse({
      householdId: h.householdId,
      ownerId: h.ownerId,
      areaM2: formatAreaCenti(h.areaCenti),
      building: h.building,
      unit: h.unit,
      flat: h.flat,
      floor: h.floor,
    }),
  )
}

/** Opens the vote: copies the roll into `frozenRoll` and sets status 'open', in one transaction. */
export function openVote(
  doc: Y.Doc,
  households: readonly HouseholdRecord[],
  actor: Actor,
  now = Date.now(),
): VoteCommandResult {
  const newer = checkVoteSchema(doc)
  if (newer) return newer
  const snap = readVote(doc)
  if (snap.meta?.status !== 'draft') return fail('vote.not_draft')
  if (households.length === 0) return fail('vote.empty_roll')
  const frozen = freezeRoll(households)
  doc.transact(() => {
    const roll = frozenRollMap(doc)
    for (const f of frozen) roll.set(f.householdId, f)
    const m = voteMeta(doc)
    m.set('status', 'open')
    m.set('openedBy', actor.userId)
    m.set('openedAt', now)
    logEvent(doc, 'open', actor, now, `flats=${frozen.length}`)
  })
  return ok(snap.meta.voteId)
}

export interface BallotInput {
  householdId: string
  choice: Ballot['choice']
  channel: Ballot['channel']
  voterName?: string
  signature?: string
  paperSerial?: string
}

/** A vote doc and, for those who may open it, its votesig doc (signatures.ts). */
export interface VoteDocs {
  vote: Y.Doc
  signatures?: Y.Doc | null
}

/**
 * Appends a ballot. Never overwrites: every call makes a new ballot id. A tablet ballot needs the
 * votesig doc: the voter's name and signature go there under the ballot's id, the ballot itself only
 * says `signed: true` (the vote doc is readable by residents). Both are local writes (offline-safe);
 * the signature is written first, so an interruption leaves at worst a signature without a ballot,
 * never a signed ballot without its signature.
 */
export function recordBallot(
  docs: Y.Doc | VoteDocs,
  input: BallotInput,
  actor: Actor,
  now = Date.now(),
): VoteCommandResult<BallotRecorded> {
  const { vote: doc, signatures: sigDoc = null } = 'vote' in docs ? docs : { vote: docs }
  const newer = checkVoteSchema(doc)
  if (newer) return newer
  if (voteMeta(doc).get('status') !== 'open') return fail('vote.not_open')
  if (!frozenRollMap(doc).has(input.householdId)) return fail('ballot.unknown_household', input.householdId)
  if (input.channel === 'tablet' && (!input.voterName?.trim() || !input.signature))
    return fail('ballot.invalid', 'voterName,signature')
  if (input.channel === 'paper' && !input.paperSerial?.trim()) return fail('ballot.invalid', 'paperSerial')
  const voteId = voteMeta(doc).get('voteId')
  const receipt = newReceiptCode()
  const parsed = BallotSchema.safeParse({
    householdId: input.householdId,
    choice: input.choice,
    channel: input.channel,
    recordedBy: actor.userId,
    recordedByName: actor.name,
    device: actor.device,
    at: now,
    ...(input.channel === 'tablet' ? { signed: true } : {}),
    ...(input.channel === 'paper' ? { paperSerial: input.paperSerial!.trim() } : {}),
    ...(typeof voteId === 'string' ? { receipt: receiptDigest(voteId, receipt) } : {}),
  })
  if (!parsed.success) return fail('ballot.invalid', issuePaths(parsed.error))
  let entry = null
  if (input.channel === 'tablet') {
    if (!sigDoc) return fail('ballot.no_signature_doc')
    const e = SignatureEntrySchema.safeParse({
      householdId: input.householdId,
      voterName: input.voterName!.trim(),
      signature: input.signature,
      recordedBy: actor.userId,
      at: now,
    })
    if (!e.success) return fail('ballot.invalid', issuePaths(e.error))
    entry = e.data
  }
  const id = newId('b')
  if (sigDoc && entry) signaturesMap(sigDoc).set(id, entry)
  ballotsMap(doc).set(id, parsed.data)
  return ok({ id, receipt })
}

/**
 * Resolves a conflict group by keeping `keepBallotId`: every effective ballot of the group with a
 * different choice is discarded (see resolution.ts). Chair/secretary/admin only (server-enforced).
 */
export function resolveConflict(
  doc: Y.Doc,
  group: ConflictGroup,
  keepBallotId: string,
  reason: string,
  actor: Actor,
  now = Date.now(),
): VoteCommandResult {
  const newer = checkVoteSchema(doc)
  if (newer) return newer
  if (voteMeta(doc).get('status') !== 'open') return fail('vote.not_open')
  const keep: StoredBallot | undefined = group.ballots.find((b) => b.id === keepBallotId)
  if (!keep) return fail('resolution.not_in_group')
  const parsed = ResolutionSchema.safeParse({
    householdIds: group.householdIds,
    keepBallotId,
    discardBallotIds: discardsFor(group, keep),
    reason,
    resolvedBy: actor.userId,
    resolvedByName: actor.name,
    device: actor.device,
    at: now,
  })
  if (!parsed.success) return fail('resolution.invalid')
  const id = newId('r')
  resolutionsMap(doc).set(id, parsed.data)
  return ok(id)
}

/**
 * Closes the vote (ballots freeze: the server refuses every later change). Refused while any conflict
 * is unresolved — a result is only final without open conflicts (the server runs the same check,
 * `openConflicts`).
 */
export function closeVote(doc: Y.Doc, actor: Actor, now = Date.now()): VoteCommandResult {
  const newer = checkVoteSchema(doc)
  if (newer) return newer
  const snap = readVote(doc)
  if (snap.meta?.status !== 'open') return fail('vote.not_open')
  const conflicts = openConflicts(snap)
  if (conflicts.length > 0) return fail('vote.open_conflicts', conflicts.join(' '))
  doc.transact(() => {
    const m = voteMeta(doc)
    m.set('status', 'closed')
    m.set('closedBy', actor.userId)
    m.set('closedAt', now)
    // Same transaction (nothing is accepted after close): the log keeps the hash this device saw and
    // the state vector, so every reader can tell ballots the close saw from later ones (read.ts).
    const sv = encodeStateVectorBase64(doc)
    const hash = voteResultHash(readVote(doc))
    logEvent(doc, 'close', actor, now, hash ? `sha256=${hash}` : undefined, sv)
  })
  return ok(snap.meta.voteId)
}

export { tallyVote }
