/**
 * Where the read-model tables live (SQLite by default, PostgreSQL in the multi-process mode). Both
 * adapters pass tests/server/readmodel-adapter-suite.ts. The tables hold no personal data and are
 * rebuildable from the docs at any time (`npm run yishi -- reindex`), so the SQLite adapter keeps
 * them in their own file without fsync on every commit.
 *
 * Tables (specs in tables.ts; times are epoch ms):
 *   rm_events(council_id, event_id, category, level, status, reported_at, assigned_at, handled_at,
 *             rated_at, due_at, same_day, satisfaction, escalations)          one row per event
 *   rm_event_counts(council_id, grain week|month|quarter|year, category ('*' = all), bucket,
 *             reported, closed, same_day, sat_sum, sat_count)      per council and report period
 *   rm_node_counts(node_id, …same…)              per org node: the sum over its councils (counters.ts)
 *   rm_council_nodes(council_id, node_id)        the org tree as last synced (syncOrgTree)
 *   rm_marks(key, value)                         folded doc states, the synced tree's hash
 *   rm_votes(council_id, vote_id, title, matter, status, opened_at, closed_at, passed, …figures)
 *   rm_cases(council_id, case_id, type, status, outcome, reported_at, closed_at)
 */
import type { Counters, Grain, OrgTree } from './counters'
import type { CaseRow, CountRow, DocRows, EventRow, NodeCountRow, VoteRow } from './rows'

export interface CountQuery {
  /** council counters, or org-node counters */
  level: 'council' | 'node'
  ids: readonly string[]
  grain: Grain
  /** [from, to) on bucket */
  from: number
  to: number
  /** only the all-categories counters */
  allOnly?: boolean
}

/** One counter row (not summed over ids: node queries read a handful of rows). */
export interface CountOut extends Counters {
  id: string
  category: string
  bucket: number
}

export interface CouncilCount {
  councilId: string
  category: string
  n: number
}

export interface CaseCount {
  type: string
  outcome: string
  n: number
}

/** Every folded row of every table, sorted (tests compare two stores with this). */
export interface TableDump {
  events: EventRow[]
  counts: CountRow[]
  nodeCounts: NodeCountRow[]
  votes: VoteRow[]
  cases: CaseRow[]
}

export interface ReadModelStore {
  /** Resolves once the tables exist (migrations applied). */
  readonly ready: Promise<void>
  /** Replaces the rows `rows` covers by `rows` (and adjusts the counters), in one transaction. */
  replace(rows: DocRows): Promise<void>
  /** Several replaces in one transaction (reindex batches). */
  replaceMany(rows: readonly DocRows[]): Promise<void>
  /** Drops every folded row and doc mark (reindex); the synced org tree stays. */
  clear(): Promise<void>
  /**
   * Makes the node counters follow `tree` (council → org nodes): the councils that moved take
   * their counters from the old nodes to the new ones. Cheap when nothing changed (a hash).
   * Returns whether anything changed.
   */
  syncOrgTree(tree: OrgTree): Promise<boolean>
  /** The tree as synced. */
  orgTree(): Promise<Map<string, string[]>>
  counts(q: CountQuery): Promise<CountOut[]>
  /** Open events reported in [from, to) whose deadline is not past at `now` (overdue = open − these). */
  openNotDue(from: number, to: number, now: number): Promise<CouncilCount[]>
  caseCounts(councilIds: readonly string[], from: number, to: number): Promise<CaseCount[]>
  /** Events reported in [from, to), oldest first (exports). */
  events(councilIds: readonly string[], from: number, to: number): Promise<EventRow[]>
  /** The doc state the last fold of `doc` saw (its `folded` mark), null if none. */
  foldedState(doc: string): Promise<string | null>
  dump(): Promise<TableDump>
  /** Bytes on disk (SQLite file / PostgreSQL relations incl. indexes). */
  sizeBytes(): Promise<number>
  close(): Promise<void>
}

export const ORG_TREE_MARK = 'org-tree'
export const docMark = (doc: string) => `doc:${doc}`

export const sortDump = (d: TableDump): TableDump => {
  const by =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
  const counter = (c: { grain: string; category: string; bucket: number }) =>
    `${c.grain}|${c.category}|${String(c.bucket).padStart(15, '0')}`
  return {
    events: [...d.events].sort(by((e) => `${e.councilId}|${e.eventId}`)),
    counts: [...d.counts].sort(by((c) => `${c.councilId}|${counter(c)}`)),
    nodeCounts: [...d.nodeCounts].sort(by((c) => `${c.nodeId}|${counter(c)}`)),
    votes: [...d.votes].sort(by((v) => `${v.councilId}|${v.voteId}`)),
    cases: [...d.cases].sort(by((c) => `${c.councilId}|${c.caseId}`)),
  }
}
