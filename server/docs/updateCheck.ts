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
  // Every deleted range must already be deleted: looked up in the store, O(size of the ranges).
  for (const [client, items] of ds.clients) {
    const structs = doc.store.clients.get(client)
    for (const item of items) {
      if (item.len <= 0) continue
      const end = item.clock + item.len
      if (!structs || end > Y.getState(doc.store, client)) return false
      for (let i = Y.findIndexSS(structs, item.clock); i < structs.length; i++) {
        const s = structs[i]!
        if (s.id.clock >= end) break
        if (s instanceof Y.Item && !s.deleted) return false
      }
    }
  }
  return true
}
