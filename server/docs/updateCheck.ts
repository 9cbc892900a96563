/**
 * Pure checks on incoming Yjs updates, run before anything touches storage or the in-memory doc.
 */
import * as Y from 'yjs'

/**
 * Returns null when `update` decodes as a Yjs v1 update, else a short reason. Decoding walks every
 * struct and the delete set, so garbage is caught before it is stored (a stored bad row would break
 * every later load of the doc).
 */
export function validateUpdate(update: Uint8Array): string | null {
  if (update.length < 2) return 'update too short'
  try {
    const { structs, ds } = Y.decodeUpdate(update)
    for (const s of structs) {
      if (!Number.isSafeInteger(s.id.clock) || s.id.clock < 0 || s.length < 0) return 'invalid struct id'
    }
    if (!(ds.clients instanceof Map)) return 'invalid delete set'
    return null
  } catch {
    return 'undecodable update'
  }
}

/**
 * True when applying `update` to `doc` would change nothing: every struct is already integrated
 * (below the doc's state vector) and every deleted range is already deleted. Such updates are
 * acknowledged but not stored, e.g. a reconnecting client resending edits that were already saved.
 */
export function isRedundant(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  for (const s of structs) {
    // Skip structs are placeholders for gaps and carry no content.
    if (s instanceof Y.Skip) continue
    if (s.id.clock + s.length > Y.getState(doc.store, s.id.client)) return false
  }
  if (ds.clients.size === 0) return true
  // Only computed when every struct is known; a full scan, but rare (resends, reconnects).
  const docDs = Y.createDeleteSetFromStructStore(doc.store)
  for (const [client, items] of ds.clients) {
    const known = docDs.clients.get(client) ?? []
    for (const item of items) {
      if (!rangeCovered(known, item.clock, item.clock + item.len)) return false
    }
  }
  return true
}

interface Range {
  clock: number
  len: number
}

/** `known` is sorted and merged (as createDeleteSetFromStructStore returns it). */
function rangeCovered(known: Range[], from: number, to: number): boolean {
  let c = from
  let lo = 0
  while (c < to) {
    // Binary search for the range containing c.
    let hi = known.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const r = known[mid]!
      if (c < r.clock) hi = mid - 1
      else if (c >= r.clock + r.len) lo = mid + 1
      else {
        found = mid
        break
      }
    }
    if (found < 0) return false
    const r = known[found]!
    c = r.clock + r.len
    lo = found + 1
  }
  return true
}
