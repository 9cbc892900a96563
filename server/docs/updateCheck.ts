/**
 * Pure checks on incoming Yjs updates, run before anything touches storage or the in-memory doc.
 */
import * as Y from 'yjs'
import type { DecodedUpdate } from '../access/updateDeps'

/**
 * An update as Y.decodeUpdate returns it (v1). Decoded once when a frame arrives (decodeValid) and
 * shared by every check that reads it (redundancy, structure, content rules): none modifies it.
 */
export type { DecodedUpdate }

/**
 * Decodes `update` as a Yjs v1 update, or says why it is not one. Decoding walks every struct and
 * the delete set, so garbage is caught before it is stored (a stored bad row would break every
 * later load of the doc).
 */
export function decodeValid(update: Uint8Array): { decoded: DecodedUpdate } | { invalid: string } {
  if (update.length < 2) return { invalid: 'update too short' }
  try {
    const decoded = Y.decodeUpdate(update) as DecodedUpdate
    for (const s of decoded.structs) {
      if (!Number.isSafeInteger(s.id.clock) || s.id.clock < 0 || s.length < 0) return { invalid: 'invalid struct id' }
    }
    if (!(decoded.ds.clients instanceof Map)) return { invalid: 'invalid delete set' }
    return { decoded }
  } catch {
    return { invalid: 'undecodable update' }
  }
}

/** Returns null when `update` decodes as a Yjs v1 update, else a short reason (see decodeValid). */
export function validateUpdate(update: Uint8Array): string | null {
  const r = decodeValid(update)
  return 'invalid' in r ? r.invalid : null
}

/**
 * True when applying `update` to `doc` would change nothing: every struct is already integrated
 * (below the doc's state vector) and every deleted range is already deleted. Such updates are
 * acknowledged but not stored, e.g. a reconnecting client resending edits that were already saved.
 */
export function isRedundant(doc: Y.Doc, update: Uint8Array, decoded?: DecodedUpdate): boolean {
  const { structs, ds } = decoded ?? (Y.decodeUpdate(update) as DecodedUpdate)
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
