/**
 * The read-model tables as data: both adapters generate their DDL, inserts, upserts and row mapping
 * from these specs, so SQLite and PostgreSQL cannot drift apart. A column is written once, as its
 * row key and type; its SQL name is the key in snake_case. Bump READ_MODEL_VERSION when a table
 * changes: the adapters then drop and recreate the tables, and the server refolds every doc
 * (rebuildable data needs no data migration).
 */
import type { CaseRow, CountRow, CouncilNodeRow, EventRow, MarkRow, NodeCountRow, VoteRow } from './rows'

export const READ_MODEL_VERSION = 2

/** `?` = nullable */
type ColType = 'text' | 'int' | 'bool'
type ColDecl = ColType | `${ColType}?`

export interface Column<R> {
  name: string
  key: keyof R & string
  type: ColType
  nullable: boolean
}

export interface TableSpec<R> {
  name: string
  columns: ReadonlyArray<Column<R>>
  primaryKey: readonly string[]
  /** extra indexes, with an optional partial WHERE clause (same syntax in both databases) */
  indexes: ReadonlyArray<{ name: string; columns: string; where?: string }>
}

const snake = (key: string) => key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)

function table<R>(
  name: string,
  decl: { [K in keyof R & string]: ColDecl },
  primaryKey: ReadonlyArray<keyof R & string>,
  indexes: TableSpec<R>['indexes'] = [],
): TableSpec<R> {
  const columns = (Object.entries(decl) as Array<[keyof R & string, ColDecl]>).map(([key, d]) => ({
    name: snake(key),
    key,
    type: d.replace('?', '') as ColType,
    nullable: d.endsWith('?'),
  }))
  return { name, columns, primaryKey: primaryKey.map(snake), indexes }
}

export const EVENTS = table<EventRow>(
  'rm_events',
  {
    councilId: 'text',
    eventId: 'text',
    category: 'text',
    level: 'text',
    status: 'text',
    reportedAt: 'int',
    assignedAt: 'int?',
    handledAt: 'int?',
    ratedAt: 'int?',
    dueAt: 'int',
    sameDay: 'bool',
    satisfaction: 'int?',
    escalations: 'int',
  },
  ['councilId', 'eventId'],
  [
    { name: 'rm_events_reported', columns: 'council_id, reported_at' },
    // Open events not yet due (overdue = open − these): a day's worth, found by deadline.
    { name: 'rm_events_open_due', columns: 'due_at', where: 'handled_at IS NULL' },
  ],
)

const counters = { reported: 'int', closed: 'int', sameDay: 'int', satSum: 'int', satCount: 'int' } as const

/** Per council, per grain (week/month/quarter/year of report), category ('*' = all) and bucket. */
export const COUNTS = table<CountRow>(
  'rm_event_counts',
  { councilId: 'text', grain: 'text', category: 'text', bucket: 'int', ...counters },
  ['councilId', 'grain', 'category', 'bucket'],
)

/** The same counters summed over every council below an org node (community, street, district). */
export const NODE_COUNTS = table<NodeCountRow>(
  'rm_node_counts',
  { nodeId: 'text', grain: 'text', category: 'text', bucket: 'int', ...counters },
  ['nodeId', 'grain', 'category', 'bucket'],
)

/** Which org nodes each council counts into (the org tree as last synced; not derived from docs). */
export const COUNCIL_NODES = table<CouncilNodeRow>('rm_council_nodes', { councilId: 'text', nodeId: 'text' }, [
  'councilId',
  'nodeId',
])

/** Small named values: `doc:<name>` = the doc state last folded, `org-tree` = the synced tree's hash. */
export const MARKS = table<MarkRow>('rm_marks', { key: 'text', value: 'text' }, ['key'])

export const VOTES = table<VoteRow>(
  'rm_votes',
  {
    councilId: 'text',
    voteId: 'text',
    title: 'text',
    matter: 'text',
    status: 'text',
    openedAt: 'int?',
    closedAt: 'int?',
    passed: 'bool?',
    totalHeads: 'int?',
    participatingHeads: 'int?',
    agreeHeads: 'int?',
    totalArea: 'text?',
    participatingArea: 'text?',
    agreeArea: 'text?',
  },
  ['councilId', 'voteId'],
)

export const CASES = table<CaseRow>(
  'rm_cases',
  {
    councilId: 'text',
    caseId: 'text',
    type: 'text',
    status: 'text',
    outcome: 'text',
    reportedAt: 'int',
    closedAt: 'int?',
  },
  ['councilId', 'caseId'],
  [{ name: 'rm_cases_reported', columns: 'council_id, reported_at' }],
)

// biome-ignore lint/suspicious/noExplicitAny: the specs differ only in their row type
export const TABLES: ReadonlyArray<TableSpec<any>> = [EVENTS, COUNTS, NODE_COUNTS, COUNCIL_NODES, MARKS, VOTES, CASES]
/** What `clear` empties: everything folded from docs (the synced org tree stays). */
// biome-ignore lint/suspicious/noExplicitAny: as above
export const FOLDED: ReadonlyArray<TableSpec<any>> = [EVENTS, COUNTS, NODE_COUNTS, VOTES, CASES]
export const COUNTER_COLUMNS = ['reported', 'closed', 'same_day', 'sat_sum', 'sat_count'] as const

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

/**
 * `ON CONFLICT (primary key) DO UPDATE` that adds the counters (same syntax in both databases):
 * append to an INSERT … VALUES or INSERT … SELECT … WHERE true.
 */
export function addOnConflict<R>(t: TableSpec<R>): string {
  const set = COUNTER_COLUMNS.map((c) => `${c} = ${t.name}.${c} + excluded.${c}`).join(', ')
  return `ON CONFLICT (${t.primaryKey.join(', ')}) DO UPDATE SET ${set}`
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
