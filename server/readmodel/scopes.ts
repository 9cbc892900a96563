/** What each DocRows scope deletes and inserts (shared by both adapters). */
import type { DocRows } from './rows'
import { CASES, COUNTS, EVENTS, VOTES, type TableSpec } from './tables'

export interface ScopeWrite {
  /** [table, WHERE columns, their values] of each DELETE */
  deletes: Array<{ table: string; where: string[]; args: string[] }>
  // biome-ignore lint/suspicious/noExplicitAny: one spec per table, rows of that table
  inserts: Array<{ table: TableSpec<any>; rows: readonly unknown[] }>
}

export function scopeWrite(r: DocRows): ScopeWrite {
  switch (r.scope) {
    case 'events':
      return {
        deletes: [
          { table: EVENTS.name, where: ['council_id'], args: [r.councilId] },
          { table: COUNTS.name, where: ['council_id'], args: [r.councilId] },
        ],
        inserts: [
          { table: EVENTS, rows: r.events },
          { table: COUNTS, rows: r.counts },
        ],
      }
    case 'vote':
      return {
        deletes: [{ table: VOTES.name, where: ['council_id', 'vote_id'], args: [r.councilId, r.voteId] }],
        inserts: [{ table: VOTES, rows: r.vote ? [r.vote] : [] }],
      }
    case 'cases':
      return {
        deletes: [{ table: CASES.name, where: ['council_id'], args: [r.councilId] }],
        inserts: [{ table: CASES, rows: r.cases }],
      }
  }
}
