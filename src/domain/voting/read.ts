/**
 * Reads and validates a vote doc into plain data; records that fail validation are set aside.
 * Version 1 tablet ballots carried the voter's name and signature: they are stripped here, so no
 * snapshot (and nothing rendered or exported from one) holds them (see schema.ts).
 */
import * as Y from 'yjs'
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
  /** every valid ballot the close saw (all of them while open), in recording order (at, then id) */
  ballots: StoredBallot[]
  /**
   * ballots that reached this doc after the close (an offline tablet merging late): never counted.
   * Causal, not by clock: a ballot is late when the state vector stored with the close event does
   * not cover its Yjs item (see `closedStateVector`). The server refuses them as well.
   */
  late: StoredBallot[]
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

const toBase64 = (bytes: Uint8Array) => {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

export function encodeStateVectorBase64(doc: Y.Doc): string {
  return toBase64(Y.encodeStateVector(doc))
}

/**
 * What the close saw: the union of the state vectors stored with close events (two devices may
 * close concurrently offline; the server keeps one, the union is only ever wider locally), or null
 * for a vote that is not closed or was closed by a version that did not store one.
 */
function closedStateVector(meta: VoteMeta | null, events: readonly StoredEvent[]): Map<number, number> | null {
  if (meta?.status !== 'closed') return null
  let sv: Map<number, number> | null = null
  for (const e of events) {
    if (e.type !== 'close' || !e.sv) continue
    try {
      for (const [client, clock] of Y.decodeStateVector(fromBase64(e.sv))) {
        sv ??= new Map()
        sv.set(client, Math.max(clock, sv.get(client) ?? 0))
      }
    } catch {
      // a malformed vector is ignored (the event passed the schema; the server checks the sender)
    }
  }
  return sv
}

/** Whether the Yjs item holding `key` in `map` is covered by `sv` (was in the doc at the close). */
function seenBy(map: Y.Map<unknown>, key: string, sv: ReadonlyMap<number, number>): boolean {
  const item = (map as unknown as { _map: Map<string, { id: { client: number; clock: number } }> })._map.get(key)
  return !!item && item.id.clock < (sv.get(item.id.client) ?? 0)
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
  const meta = metaParsed.success ? metaParsed.data : null
  const resolutions = readMap<Resolution>(resolutionsMap(doc), ResolutionSchema, invalid, 'resolutions').sort(
    byAtThenId,
  )
  const events = readMap<VoteEvent>(logMap(doc), VoteEventSchema, invalid, 'log').sort(byAtThenId)
  const all = readMap<Ballot>(ballotsMap(doc), { safeParse: stripLegacyBallot }, invalid, 'ballots').sort(byAtThenId)
  const sv = closedStateVector(meta, events)
  const ballots = sv ? all.filter((b) => seenBy(ballotsMap(doc), b.id, sv)) : all
  const late = sv ? all.filter((b) => !seenBy(ballotsMap(doc), b.id, sv)) : []
  return {
    meta,
    roll,
    ballots,
    late,
    resolutions,
    events,
    invalid: invalid.sort(byCodeUnit),
  }
}
