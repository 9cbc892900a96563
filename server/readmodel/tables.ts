/**
 * The read-model tables as data: both adapters generate their DDL, inserts and row mapping from
 * these specs, so SQLite and PostgreSQL cannot drift apart. Bump READ_MODEL_VERSION when a table
 * changes: the adapters then drop and recreate the tables, and the server refolds every doc
 * (rebuildable data needs no data migration).
 */
import type { CaseRow, CountRow, EventRow, VoteRow } from './rows'

export const READ_MODEL_VERSION = 1

type ColType = 'text' | 'int' | 'bool'

export interface Column<R> {
  name: string
  key: keyof R & string
  type: ColType
  nullable?: boolean
}

export interface TableSpec<R> {
  name: string
  columns: ReadonlyArray<Column<R>>
  primaryKey: readonly string[]
  /** extra indexes: [name, definition] with `partial` WHERE clause (same syntax in both databases) */
  indexes: ReadonlyArray<{ name: string; columns: string; where?: string }>
}

const c = <R>(name: string, key: keyof R & string, type: ColType, nullable = false): Column<R> => ({
  name,
  key,
  type,
  nullable,
})

export const EVENTS: TableSpec<EventRow> = {
  name: 'rm_events',
  columns: [
    c('council_id', 'councilId', 'text'),
    c('event_id', 'eventId', 'text'),
    c('category', 'category', 'text'),
    c('level', 'level', 'text'),
    c('status', 'status', 'text'),
    c('reported_at', 'reportedAt', 'int'),
    c('assigned_at', 'assignedAt', 'int', true),
    c('handled_at', 'handledAt', 'int', true),
    c('rated_at', 'ratedAt', 'int', true),
    c('due_at', 'dueAt', 'int'),
    c('same_day', 'sameDay', 'bool'),
    c('satisfaction', 'satisfaction', 'int', true),
    c('escalations', 'escalations', 'int'),
  ],
  primaryKey: ['council_id', 'event_id'],
  indexes: [
    { name: 'rm_events_reported', columns: 'council_id, reported_at' },
    // Open events are few (98 % are handled): overdue counts read only these.
    { name: 'rm_events_open', columns: 'council_id, reported_at, due_at', where: 'handled_at IS NULL' },
  ],
}

export const COUNTS: TableSpec<CountRow> = {
  name: 'rm_event_counts',
  columns: [
    c('council_id', 'councilId', 'text'),
    c('grain', 'grain', 'text'),
    c('category', 'category', 'text'),
    c('bucket', 'bucket', 'int'),
    c('reported', 'reported', 'int'),
    c('closed', 'closed', 'int'),
    c('same_day', 'sameDay', 'int'),
    c('sat_sum', 'satSum', 'int'),
    c('sat_count', 'satCount', 'int'),
  ],
  // category before bucket: a period query is one index range per (council, category).
  primaryKey: ['council_id', 'grain', 'category', 'bucket'],
  indexes: [],
}

export const VOTES: TableSpec<VoteRow> = {
  name: 'rm_votes',
  columns: [
    c('council_id', 'councilId', 'text'),
    c('vote_id', 'voteId', 'text'),
    c('title', 'title', 'text'),
    c('matter', 'matter', 'text'),
    c('status', 'status', 'text'),
    c('opened_at', 'openedAt', 'int', true),
    c('closed_at', 'closedAt', 'int', true),
    c('passed', 'passed', 'bool', true),
    c('total_heads', 'totalHeads', 'int', true),
    c('participating_heads', 'participatingHeads', 'int', true),
    c('agree_heads', 'agreeHeads', 'int', true),
    c('total_area', 'totalArea', 'text', true),
    c('participating_area', 'participatingArea', 'text', true),
    c('agree_area', 'agreeArea', 'text', true),
  ],
  primaryKey: ['council_id', 'vote_id'],
  indexes: [],
}

export const CASES: TableSpec<CaseRow> = {
  name: 'rm_cases',
  columns: [
    c('council_id', 'councilId', 'text'),
    c('case_id', 'caseId', 'text'),
    c('type', 'type', 'text'),
    c('status', 'status', 'text'),
    c('outcome', 'outcome', 'text'),
    c('reported_at', 'reportedAt', 'int'),
    c('closed_at', 'closedAt', 'int', true),
  ],
  primaryKey: ['council_id', 'case_id'],
  indexes: [{ name: 'rm_cases_reported', columns: 'council_id, reported_at' }],
}

// biome-ignore lint/suspicious/noExplicitAny: the specs differ only in their row type
export const TABLES: ReadonlyArray<TableSpec<any>> = [EVENTS, COUNTS, VOTES, CASES]

/** CREATE TABLE + indexes; `types` maps our column types to the database's. */
export function ddl<R>(t: TableSpec<R>, types: Record<ColType, string>, suffix = ''): string[] {
  const cols = t.columns.map((col) => `${col.name} ${types[col.type]}${col.nullable ? '' : ' NOT NULL'}`)
  return [
    `CREATE TABLE IF NOT EXISTS ${t.name} (${cols.join(', ')}, PRIMARY KEY (${t.primaryKey.join(', ')}))${suffix}`,
    ...t.indexes.map(
      (i) => `CREATE INDEX IF NOT EXISTS ${i.name} ON ${t.name} (${i.columns})${i.where ? ` WHERE ${i.where}` : ''}`,
    ),
  ]
}

/** A row's values in column order, booleans as 0/1 (both databases store them as integers). */
export function values<R>(t: TableSpec<R>, row: R): Array<string | number | null> {
  return t.columns.map((col) => {
    const v = row[col.key] as unknown
    if (v === null || v === undefined) return null
    if (col.type === 'bool') return v ? 1 : 0
    return v as string | number
  })
}

/** A database row (by column name) back into our row type. */
export function fromDb<R>(t: TableSpec<R>, rec: Record<string, unknown>): R {
  const out: Record<string, unknown> = {}
  for (const col of t.columns) {
    const v = rec[col.name]
    if (v === null || v === undefined) out[col.key] = null
    else if (col.type === 'bool') out[col.key] = Number(v) !== 0
    else if (col.type === 'int') out[col.key] = Number(v)
    else out[col.key] = String(v)
  }
  return out as R
}
