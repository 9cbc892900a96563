/**
 * The structural check alone (plain write docs): could Yjs integrate `update` completely, given
 * that clocks below `known(client)` are present? No lookups in a doc, only clock arithmetic over
 * the update, so the write queue can judge several writes of one batch at once: `known` is the
 * doc's state vector extended by the writes already in the batch (server/docs/writeQueue.ts).
 * Same rules as updateChanges.ts: gaps, unknown references, dependency cycles and deletions of
 * unknown ids are 'missing-deps'; undecodable bytes are 'invalid-update'.
 */
import * as Y from 'yjs'
import { problem, type WriteProblem } from '../../src/domain/access/writeRules'

const MISSING = problem('missing-deps', '更新缺少前置内容，请重新同步后再试')

interface Run {
  structs: Array<Y.Item | Y.GC>
  /** structs resolved so far (dependency walk) */
  done: number
  busy: boolean
}

export function missingDeps(update: Uint8Array, known: (client: number) => number): WriteProblem | null {
  let decoded: {
    structs: Array<Y.Item | Y.GC | Y.Skip>
    ds: { clients: Map<number, Array<{ clock: number; len: number }>> }
  }
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded
  } catch {
    return problem('invalid-update', '更新格式不正确（无法解码）')
  }
  const runs = new Map<number, Run>()
  const end = new Map<number, number>()
  const endOf = (client: number) => end.get(client) ?? known(client)
  for (const s of decoded.structs) {
    const client = s.id.client
    const base = known(client)
    if (s.id.clock + s.length <= base) continue
    if (s instanceof Y.Skip) {
      if (!end.has(client)) end.set(client, base)
      continue
    }
    const k = endOf(client)
    if (s.id.clock > k) return MISSING
    end.set(client, Math.max(k, s.id.clock + s.length))
    let run = runs.get(client)
    if (!run) {
      run = { structs: [], done: 0, busy: false }
      runs.set(client, run)
    }
    run.structs.push(s as Y.Item | Y.GC)
  }
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
