/**
 * Where the read-model tables live (SQLite by default, PostgreSQL in the multi-process mode). Both
 * adapters pass tests/server/readmodel-adapter-suite.ts. The tables hold no personal data and are
 * rebuildable from the docs at any time (`npm run yishi -- reindex`), so the SQLite adapter keeps
 * them in their own file without fsync on every commit.
 *
 * Tables (same columns in both adapters; times are epoch ms):
 *   rm_events(council_id, event_id, category, level, status, reported_at, assigned_at, handled_at,
 *             rated_at, due_at, same_day, satisfaction, escalations)          one row per event
 *   rm_event_counts(council_id, grain 'd'|'m', category ('*' = all), bucket, reported, closed,
 *             same_day, sat_sum, sat_count)           per Beijing day / month of report (dashboards)
 *   rm_votes(council_id, vote_id, title, matter, status, opened_at, closed_at, passed, …figures)
 *   rm_cases(council_id, case_id, type, status, outcome, reported_at, closed_at)
 */
import type { CaseRow, CountRow, DocRows, EventRow, VoteRow } from './rows'

/** Summed counters, grouped as the query asked. */
export interface CountSum {
  councilId: string
  category: string
  bucket: number
  reported: number
  closed: number
  sameDay: number
  satSum: number
  satCount: number
}

export interface CountQuery {
  councilIds: readonly string[]
  grain: 'd' | 'm'
  /** [from, to) on bucket */
  from: number
  to: number
  /** 'categories': per council and category (bucket 0); 'series': per bucket over category '*' (council '') */
  groupBy: 'categories' | 'series'
}

export interface OverdueCount {
  councilId: string
  category: string
  n: number
}

export interface CaseCount {
  type: string
  outcome: string
  n: number
}

/** Every row of every table, sorted (tests compare two stores with this). */
export interface TableDump {
  events: EventRow[]
  counts: CountRow[]
  votes: VoteRow[]
  cases: CaseRow[]
}

export interface ReadModelStore {
  /** Resolves once the tables exist (migrations applied). */
  readonly ready: Promise<void>
  /** Replaces the rows `rows` covers by `rows`, in one transaction. */
  replace(rows: DocRows): Promise<void>
  /** Several replaces in one transaction (reindex batches). */
  replaceMany(rows: readonly DocRows[]): Promise<void>
  /** Drops every row (reindex). */
  clear(): Promise<void>
  sumCounts(q: CountQuery): Promise<CountSum[]>
  /** Events reported in [from, to), not handled, past their deadline at `now`. */
  overdue(councilIds: readonly string[], from: number, to: number, now: number): Promise<OverdueCount[]>
  caseCounts(councilIds: readonly string[], from: number, to: number): Promise<CaseCount[]>
  /** Events reported in [from, to), oldest first (exports). */
  events(councilIds: readonly string[], from: number, to: number): Promise<EventRow[]>
  dump(): Promise<TableDump>
  /** Bytes on disk (SQLite file / PostgreSQL relations incl. indexes). */
  sizeBytes(): Promise<number>
  close(): Promise<void>
}

export const sortDump = (d: TableDump): TableDump => {
  const by =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
  return {
    events: [...d.events].sort(by((e) => `${e.councilId}|${e.eventId}`)),
    counts: [...d.counts].sort(
      by((c) => `${c.councilId}|${c.grain}|${c.category}|${String(c.bucket).padStart(15, '0')}`),
    ),
    votes: [...d.votes].sort(by((v) => `${v.councilId}|${v.voteId}`)),
    cases: [...d.cases].sort(by((c) => `${c.councilId}|${c.caseId}`)),
  }
}
