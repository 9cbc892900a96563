/**
 * Read-model tables in SQLite: their own file `<dataDir>/readmodel.sqlite`, WAL with
 * synchronous=NORMAL (no fsync per commit: the tables are rebuildable from the docs, and a fold
 * must never compete with the doc store's durable appends). Counters move by deltas in the same
 * transaction as the event rows (counters.ts).
 */
import Database from 'better-sqlite3'
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { countDelta, nodeDelta, treeDiff, treeHash, treeOf, type OrgTree } from './counters'
import type { CountRow, CouncilNodeRow, DocRows, EventRow } from './rows'
import { patchIds, scopeWrite } from './scopes'
import {
  addOnConflict,
  CASES,
  COUNCIL_NODES,
  COUNTER_COLUMNS,
  COUNTS,
  ddl,
  EVENTS,
  FOLDED,
  fromDb,
  MARKS,
  NODE_COUNTS,
  READ_MODEL_VERSION,
  TABLES,
  type TableSpec,
  values,
  VOTES,
} from './tables'
import {
  docMark,
  ORG_TREE_MARK,
  type CaseCount,
  type CountOut,
  type CountQuery,
  type CouncilCount,
  type ReadModelStore,
  type TableDump,
} from './ReadModelStore'

export const READ_MODEL_FILE = 'readmodel.sqlite'
const TYPES = { text: 'TEXT', int: 'INTEGER', bool: 'INTEGER' } as const
/** Id lists are passed as one JSON array (800 councils, one statement). */
const IN_JSON = 'IN (SELECT value FROM json_each(?))'
const SUMS = 'reported, closed, same_day AS sameDay, sat_sum AS satSum, sat_count AS satCount'

export class SqliteReadModel implements ReadModelStore {
  readonly ready: Promise<void>
  /** True when the tables were (re)created: the caller should reindex. */
  readonly fresh: boolean
  private readonly db: Database.Database
  private readonly file: string
  private readonly stmts = new Map<string, Database.Statement>()
  private readonly write: (batch: readonly DocRows[]) => void

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true })
    this.file = join(dataDir, READ_MODEL_FILE)
    this.db = new Database(this.file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('busy_timeout = 5000')
    const version = this.db.pragma('user_version', { simple: true }) as number
    this.fresh = version !== READ_MODEL_VERSION
    if (this.fresh) {
      this.db.transaction(() => {
        for (const t of TABLES) this.db.exec(`DROP TABLE IF EXISTS ${t.name}`)
        for (const t of TABLES) for (const s of ddl(t, TYPES, ' WITHOUT ROWID')) this.db.exec(s)
        this.db.pragma(`user_version = ${READ_MODEL_VERSION}`)
      })()
    }
    this.write = this.db.transaction((batch: readonly DocRows[]) => {
      for (const r of batch) this.writeOne(r)
    })
    this.ready = Promise.resolve()
  }

  /** Prepared once per SQL text. */
  private st(sql: string): Database.Statement {
    let s = this.stmts.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.stmts.set(sql, s)
    }
    return s
  }

  private insert<R>(t: TableSpec<R>, rows: readonly R[]): void {
    const s = this.st(`INSERT INTO ${t.name} VALUES (${t.columns.map(() => '?').join(', ')})`)
    for (const row of rows) s.run(...values(t, row))
  }

  private writeOne(r: DocRows): void {
    if (r.scope === 'events') {
      const old = this.st(`SELECT * FROM ${COUNTS.name} WHERE council_id = ?`).all(r.councilId) as Record<
        string,
        unknown
      >[]
      this.st(`DELETE FROM ${EVENTS.name} WHERE council_id = ?`).run(r.councilId)
      this.insert(EVENTS, r.events)
      const before = old.map((c) => fromDb(COUNTS, c))
      this.addCounts(r.councilId, countDelta(r.councilId, { events: r.events }, { counts: before }))
    } else if (r.scope === 'eventPatch') {
      const ids = JSON.stringify(patchIds(r))
      const old = this.st(`SELECT * FROM ${EVENTS.name} WHERE council_id = ? AND event_id ${IN_JSON}`)
        .all(r.councilId, ids)
        .map((e) => fromDb<EventRow>(EVENTS, e as Record<string, unknown>))
      this.st(`DELETE FROM ${EVENTS.name} WHERE council_id = ? AND event_id ${IN_JSON}`).run(r.councilId, ids)
      this.insert(EVENTS, r.upserts)
      this.addCounts(r.councilId, countDelta(r.councilId, { events: r.upserts }, { events: old }))
    } else {
      const w = scopeWrite(r)
      for (const d of w.deletes)
        this.st(`DELETE FROM ${d.table} WHERE ${d.where.map((col) => `${col} = ?`).join(' AND ')}`).run(...d.args)
      for (const ins of w.inserts) this.insert(ins.table, ins.rows)
    }
    if (r.folded) this.setMark(docMark(r.folded.doc), r.folded.state)
  }

  /** Adds a council's counter delta to its counters and to its org nodes'; drops counters that reach 0. */
  private addCounts(councilId: string, delta: readonly CountRow[]): void {
    if (delta.length === 0) return
    const nodes = (
      this.st(`SELECT node_id FROM ${COUNCIL_NODES.name} WHERE council_id = ?`).all(councilId) as Array<{
        node_id: string
      }>
    ).map((n) => n.node_id)
    this.upsertAdd(COUNTS, delta, 'council_id')
    this.upsertAdd(NODE_COUNTS, nodeDelta(delta, nodes), 'node_id')
  }

  private upsertAdd<R extends { reported: number }>(t: TableSpec<R>, rows: readonly R[], idCol: string): void {
    const up = this.st(`INSERT INTO ${t.name} VALUES (${t.columns.map(() => '?').join(', ')}) ${addOnConflict(t)}`)
    const del = this.st(
      `DELETE FROM ${t.name} WHERE ${idCol} = ? AND grain = ? AND category = ? AND bucket = ? AND reported = 0`,
    )
    for (const row of rows) {
      const v = values(t, row)
      up.run(...v)
      if (row.reported < 0) del.run(v[0], v[1], v[2], v[3]) // only a decrease can reach zero
    }
  }

  private setMark(key: string, value: string): void {
    this.st(`INSERT INTO ${MARKS.name} VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(
      key,
      value,
    )
  }

  private mark(key: string): string | null {
    const r = this.st(`SELECT value FROM ${MARKS.name} WHERE key = ?`).get(key) as { value: string } | undefined
    return r?.value ?? null
  }

  async replace(rows: DocRows): Promise<void> {
    this.write([rows])
  }

  async replaceMany(rows: readonly DocRows[]): Promise<void> {
    this.write(rows)
  }

  async clear(): Promise<void> {
    this.db.transaction(() => {
      for (const t of FOLDED) this.db.exec(`DELETE FROM ${t.name}`)
      this.db.exec(`DELETE FROM ${MARKS.name} WHERE key LIKE 'doc:%'`)
    })()
  }

  async syncOrgTree(tree: OrgTree): Promise<boolean> {
    const hash = treeHash(tree)
    if (this.mark(ORG_TREE_MARK) === hash) return false
    this.db.transaction(() => {
      const diff = treeDiff(treeOf(this.councilNodes()), tree)
      const pairs = [...diff.removed.map(([c, n]) => [c, n, -1]), ...diff.added.map(([c, n]) => [c, n, 1])]
      const sums = COUNTER_COLUMNS.map((c) => `SUM(c.${c} * p.sign)`).join(', ')
      // Moved councils take their counters from the old nodes to the new ones (one statement).
      this.st(
        `INSERT INTO ${NODE_COUNTS.name}
         SELECT p.node, c.grain, c.category, c.bucket, ${sums}
         FROM ${COUNTS.name} c JOIN (SELECT value ->> 0 AS council, value ->> 1 AS node, value ->> 2 AS sign
                                     FROM json_each(?)) p ON c.council_id = p.council
         WHERE true GROUP BY p.node, c.grain, c.category, c.bucket ${addOnConflict(NODE_COUNTS)}`,
      ).run(JSON.stringify(pairs))
      this.st(`DELETE FROM ${NODE_COUNTS.name} WHERE reported = 0`).run()
      const del = this.st(`DELETE FROM ${COUNCIL_NODES.name} WHERE council_id = ? AND node_id = ?`)
      for (const [c, n] of diff.removed) del.run(c, n)
      this.insert(
        COUNCIL_NODES,
        diff.added.map(([councilId, nodeId]) => ({ councilId, nodeId })),
      )
      this.setMark(ORG_TREE_MARK, hash)
    })()
    return true
  }

  private councilNodes(): CouncilNodeRow[] {
    return (this.st(`SELECT * FROM ${COUNCIL_NODES.name}`).all() as Record<string, unknown>[]).map((r) =>
      fromDb(COUNCIL_NODES, r),
    )
  }

  async orgTree(): Promise<Map<string, string[]>> {
    return treeOf(this.councilNodes())
  }

  async counts(q: CountQuery): Promise<CountOut[]> {
    const [t, id] = q.level === 'node' ? [NODE_COUNTS.name, 'node_id'] : [COUNTS.name, 'council_id']
    return this.st(
      `SELECT ${id} AS id, category, bucket, ${SUMS} FROM ${t}
       WHERE ${id} ${IN_JSON} AND grain = ? AND bucket >= ? AND bucket < ?${q.allOnly ? ` AND category = '*'` : ''}`,
    ).all(JSON.stringify(q.ids), q.grain, q.from, q.to) as CountOut[]
  }

  async openNotDue(from: number, to: number, now: number): Promise<CouncilCount[]> {
    return this.st(
      `SELECT council_id AS councilId, category, COUNT(*) AS n FROM ${EVENTS.name}
       WHERE handled_at IS NULL AND due_at >= ? AND reported_at >= ? AND reported_at < ?
       GROUP BY council_id, category`,
    ).all(now, from, to) as CouncilCount[]
  }

  async caseCounts(councilIds: readonly string[], from: number, to: number): Promise<CaseCount[]> {
    return this.st(
      `SELECT type, outcome, COUNT(*) AS n FROM ${CASES.name}
       WHERE council_id ${IN_JSON} AND reported_at >= ? AND reported_at < ? GROUP BY type, outcome`,
    ).all(JSON.stringify(councilIds), from, to) as CaseCount[]
  }

  async events(councilIds: readonly string[], from: number, to: number) {
    const rows = this.st(
      `SELECT * FROM ${EVENTS.name} WHERE council_id ${IN_JSON} AND reported_at >= ? AND reported_at < ?
       ORDER BY reported_at, council_id, event_id`,
    ).all(JSON.stringify(councilIds), from, to) as Record<string, unknown>[]
    return rows.map((r) => fromDb(EVENTS, r))
  }

  async foldedState(doc: string): Promise<string | null> {
    return this.mark(docMark(doc))
  }

  async dump(): Promise<TableDump> {
    const all = <R>(t: TableSpec<R>) =>
      (this.db.prepare(`SELECT * FROM ${t.name}`).all() as Record<string, unknown>[]).map((r) => fromDb(t, r))
    return {
      events: all(EVENTS),
      counts: all(COUNTS),
      nodeCounts: all(NODE_COUNTS),
      votes: all(VOTES),
      cases: all(CASES),
    }
  }

  async sizeBytes(): Promise<number> {
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    return statSync(this.file).size
  }

  async close(): Promise<void> {
    if (!this.db.open) return
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    this.db.close()
  }
}
