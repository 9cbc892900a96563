/**
 * The structural check alone (plain write docs): could Yjs integrate `update` completely, given
 * that clocks below `known(client)` are present? No lookups in a doc, only clock arithmetic over
 * the update, so the write queue can judge several writes of one batch at once: `known` is the
 * doc's state vector extended by the writes already in the batch (server/docs/writeQueue.ts).
 * Same rules as updateChanges.ts: gaps, unknown references, dependency cycles and deletions of
 * unknown ids are 'missing-deps'; undecodable bytes are 'invalid-update'. The decoding, the gap check
 * and the struct search are shared with updateChanges.ts.
 */
import * as Y from 'yjs'
import { problem, type WriteProblem } from '../../src/domain/access/writeRules'

const MISSING = problem('missing-deps', '更新缺少前置内容，请重新同步后再试')

export interface DecodedUpdate {
  structs: Array<Y.Item | Y.GC | Y.Skip>
  ds: { clients: Map<number, Array<{ clock: number; len: number }>> }
}

/** The update's structs and delete set, or null when the bytes are no update. */
export function decodeUpdate(update: Uint8Array): DecodedUpdate | null {
  try {
    return Y.decodeUpdate(update) as DecodedUpdate
  } catch {
    return null
  }
}

/** The structs an update adds beyond what is known, per client in clock order, gap-free. */
export interface NewStructs {
  ok: true
  byClient: Map<number, Array<Y.Item | Y.GC>>
  /** Per client with new structs or trailing holes: clocks below this are known once integrated. */
  end: Map<number, number>
}
/** A struct starts at `from` while only clocks below `known` are: Yjs would keep it pending. */
export interface ClockGap {
  ok: false
  client: number
  known: number
  from: number
}

export function newStructs(decoded: DecodedUpdate, known: (client: number) => number): NewStructs | ClockGap {
  const byClient = new Map<number, Array<Y.Item | Y.GC>>()
  const end = new Map<number, number>()
  for (const s of decoded.structs) {
    const client = s.id.client
    const base = known(client)
    if (s.id.clock + s.length <= base) continue
    if (s instanceof Y.Skip) {
      // A hole the update does not fill: fine only if everything after it is already known.
      if (!end.has(client)) end.set(client, base)
      continue
    }
    const k = end.get(client) ?? base
    if (s.id.clock > k) return { ok: false, client, known: k, from: s.id.clock }
    end.set(client, Math.max(k, s.id.clock + s.length))
    let list = byClient.get(client)
    if (!list) {
      list = []
      byClient.set(client, list)
    }
    list.push(s as Y.Item | Y.GC)
  }
  return { ok: true, byClient, end }
}

export const NOT_FOUND = -1

/** Index of the struct containing `clock` in a clock-sorted list (of structs, or of what `structOf` reads one from). */
export function findStruct<T>(
  list: readonly T[],
  clock: number,
  structOf: (t: T) => Y.AbstractStruct = (t) => t as Y.AbstractStruct,
): number {
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const s = structOf(list[mid]!)
    if (clock < s.id.clock) hi = mid - 1
    else if (clock >= s.id.clock + s.length) lo = mid + 1
    else return mid
  }
  return NOT_FOUND
}

interface Run {
  structs: Array<Y.Item | Y.GC>
  /** structs resolved so far (dependency walk) */
  done: number
  busy: boolean
}

export function missingDeps(
  update: Uint8Array,
  known: (client: number) => number,
  /** `update` decoded already (server/docs/updateCheck.ts decodeValid): not decoded again */
  given?: DecodedUpdate,
): WriteProblem | null {
  const decoded = given ?? decodeUpdate(update)
  if (!decoded) return problem('invalid-update', '更新格式不正确（无法解码）')
  const added = newStructs(decoded, known)
  if (!added.ok) return MISSING
  const runs = new Map<number, Run>()
  for (const [client, structs] of added.byClient) runs.set(client, { structs, done: 0, busy: false })
  const endOf = (client: number) => added.end.get(client) ?? known(client)
  // Resolves the run of `client` up to the struct holding `clock` (everything, if -1).
  const resolve = (client: number, clock: number): boolean => {
    const run = runs.get(client)
    if (!run) return false
    while (run.done < run.structs.length) {
      const s = run.structs[run.done]!
      if (clock >= 0 && s.id.clock > clock) return true
      if (run.busy) return false // a cycle: Yjs would keep these pending forever
      run.busy = true
      if (s instanceof Y.Item) {
        for (const ref of [s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null]) {
          if (!ref || ref.clock < known(ref.client)) continue
          if (ref.client === s.id.client && ref.clock >= s.id.clock) return false
          if (ref.clock >= endOf(ref.client) || !resolve(ref.client, ref.clock)) return false
        }
      }
      run.busy = false
      run.done++
    }
    return true
  }
  for (const client of runs.keys()) if (!resolve(client, -1)) return MISSING
  for (const [client, ranges] of decoded.ds.clients) {
    for (const r of ranges) if (r.len > 0 && r.clock + r.len > endOf(client)) return MISSING
  }
  return null
}
