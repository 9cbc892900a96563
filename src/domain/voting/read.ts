/**
 * Reads and validates a vote doc into plain data; records that fail validation are set aside.
 * Version 1 tablet ballots carried the voter's name and signature: they are stripped here, so no
 * snapshot (and nothing rendered or exported from one) holds them (see schema.ts).
 */
import type * as Y from 'yjs'
import {
  FrozenFlatSchema,
  ResolutionSchema,
  VoteEventSchema,
  VoteMetaSchema,
  ballotsMap,
  frozenRollMap,
  logMap,
  resolutionsMap,
  stripLegacyBallot,
  voteMeta,
  type Ballot,
  type FrozenFlat,
  type Resolution,
  type VoteEvent,
  type VoteMeta,
} from './schema'

export type StoredBallot = Ballot & { id: string }
export type StoredResolution = Resolution & { id: string }
export type StoredEvent = VoteEvent & { id: string }

export interface VoteSnapshot {
  meta: VoteMeta | null
  /** frozen roll, sorted by household id (plain code-unit order: the same on every runtime) */
  roll: FrozenFlat[]
  /** every valid ballot, in recording order (at, then id) */
  ballots: StoredBallot[]
  resolutions: StoredResolution[]
  events: StoredEvent[]
  /** keys of records that failed validation, per map — shown as a warning, never counted */
  invalid: string[]
}

export const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const byAtThenId = (a: { at: number; id: string }, b: { at: number; id: string }) =>
  a.at - b.at || byCodeUnit(a.id, b.id)

function readMap<T>(
  map: Y.Map<unknown>,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  invalid: string[],
  label: string,
): Array<T & { id: string }> {
  const out: Array<T & { id: string }> = []
  map.forEach((value, key) => {
    const parsed = schema.safeParse(value)
    if (parsed.success) out.push({ ...parsed.data, id: key })
    else invalid.push(`${label}:${key}`)
  })
  return out
}

export function readVote(doc: Y.Doc): VoteSnapshot {
  const invalid: string[] = []
  const metaParsed = VoteMetaSchema.safeParse(voteMeta(doc).toJSON())
  const roll: FrozenFlat[] = []
  frozenRollMap(doc).forEach((value, key) => {
    const parsed = FrozenFlatSchema.safeParse(value)
    if (parsed.success && parsed.data.householdId === key) roll.push(parsed.data)
    else invalid.push(`frozenRoll:${key}`)
  })
  roll.sort((a, b) => byCodeUnit(a.householdId, b.householdId))
  const ballots = readMap<Ballot>(ballotsMap(doc), { safeParse: stripLegacyBallot }, invalid, 'ballots').sort(
    byAtThenId,
  )
  const resolutions = readMap<Resolution>(resolutionsMap(doc), ResolutionSchema, invalid, 'resolutions').sort(
    byAtThenId,
  )
  const events = readMap<VoteEvent>(logMap(doc), VoteEventSchema, invalid, 'log').sort(byAtThenId)
  return {
    meta: metaParsed.success ? metaParsed.data : null,
    roll,
    ballots,
    resolutions,
    events,
    invalid: invalid.sort(byCodeUnit),
  }
}
