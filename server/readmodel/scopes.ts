/** What each DocRows scope replaces (shared by both adapters). */
import type { DocRows } from './rows'
import { CASES, VOTES, type TableSpec } from './tables'

/** The plain scopes: DELETE these rows, INSERT those (event scopes also move counters: the adapters). */
export interface ScopeWrite {
  /** [table, WHERE columns, their values] of each DELETE */
  deletes: Array<{ table: string; where: string[]; args: string[] }>
  // biome-ignore lint/suspicious/noExplicitAny: one spec per table, rows of that table
  inserts: Array<{ table: TableSpec<any>; rows: readonly unknown[] }>
}

export function scopeWrite(r: Extract<DocRows, { scope: 'vote' | 'cases' }>): ScopeWrite {
  if (r.scope === 'vote')
    return {
      deletes: [{ table: VOTES.name, where: ['council_id', 'vote_id'], args: [r.councilId, r.voteId] }],
      inserts: [{ table: VOTES, rows: r.vote ? [r.vote] : [] }],
    }
  return {
    deletes: [{ table: CASES.name, where: ['council_id'], args: [r.councilId] }],
    inserts: [{ table: CASES, rows: r.cases }],
  }
}

/** The event ids a patch replaces. */
export const patchIds = (r: Extract<DocRows, { scope: 'eventPatch' }>): string[] => [
  ...new Set([...r.upserts.map((e) => e.eventId), ...r.removed]),
]

/**
 * The advisory-lock key of one folded doc's rows (not a doc name: '/'-separated on purpose). Both
 * event scopes share the council's key: they touch the same counters.
 */
export function scopeKey(r: DocRows): string {
  if (r.scope === 'vote') return `vote/${r.councilId}/${r.voteId}`
  return r.scope === 'cases' ? `cases/${r.councilId}` : `events/${r.councilId}`
}
