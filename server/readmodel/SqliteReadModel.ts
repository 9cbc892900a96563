/**
 * Read-model tables in SQLite: their own file `<dataDir>/readmodel.sqlite`, WAL with
 * synchronous=NORMAL (no fsync per commit: the tables are rebuildable from the docs, and a fold
 * must never compete with the doc store's durable appends).
 */
import Database from 'better-sqlite3'
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { DocRows } from './rows'
import { scopeWrite } from './scopes'
import { CASES, COUNTS, ddl, EVENTS, fromDb, READ_MODEL_VERSION, TABLES, values, VOTES } from './tables'
import type { CaseCount, CountQuery, CountSum, OverdueCount, ReadModelStore, TableDump } from './ReadModelStore'

export const READ_MODEL_FILE = 'readmodel.sqlite'
const TYPES = { text: 'TEXT', int: 'INTEGER', bool: 'INTEGER' } as const
/** Council ids are passed as one JSON array (800 councils, one statement). */
const IN_COUNCILS = 'council_id IN (SELECT value FROM json_each(?))'

export class SqliteReadModel implements ReadModelStore {
  readonly ready: Promise<void>
  /** True when the tables were (re)created: the caller should reindex. */
  readonly fresh: boolean
  private readonly db: Database.Database
  private readonly file: string
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
    const inserts = new Map(
      TABLES.map((t) => [
        t.name,
        this.db.prepare(`INSERT INTO ${t.name} VALUES (${t.columns.map(() => '?').join(', ')})`),
      ]),
    )
    const deletes = new Map<string, Database.Statement>()
    const del = (table: string, where: string[]) => {
      const sql = `DELETE FROM ${table} WHERE ${where.map((w) => `${w} = ?`).join(' AND ')}`
      let s = deletes.get(sql)
      if (!s) {
        s = this.db.prepare(sql)
        deletes.set(sql, s)
      }
      return s
    }
    this.write = this.db.transaction((batch: readonly DocRows[]) => {
      for (const r of batch) {
        const w = scopeWrite(r)
        for (const d of w.deletes) del(d.table, d.where).run(...d.args)
        for (const ins of w.inserts) {
          const stmt = inserts.get(ins.table.name)!
          for (const row of ins.rows) stmt.run(...values(ins.table, row))
        }
      }
    })
    this.ready = Promise.resolve()
  }

  async replace(rows: DocRows): Promise<void> {
    this.write([rows])
  }

  async replaceMany(rows: readonly DocRows[]): Promise<void> {
    this.write(rows)
  }

  async clear(): Promise<void> {
    this.db.transaction(() => {
      for (const t of TABLES) this.db.exec(`DELETE FROM ${t.name}`)
    })()
  }

  async sumCounts(q: CountQuery): Promise<CountSum[]> {
    const sums =
      'SUM(reported) AS reported, SUM(closed) AS closed, SUM(same_day) AS sameDay, SUM(sat_sum) AS satSum, SUM(sat_count) AS satCount'
    const sql =
      q.groupBy === 'categories'
        ? `SELECT council_id AS councilId, category, 0 AS bucket, ${sums} FROM ${COUNTS.name}
           WHERE ${IN_COUNCILS} AND grain = ? AND category <> '*' AND bucket >= ? AND bucket < ?
           GROUP BY council_id, category`
        : `SELECT '' AS councilId, '*' AS category, bucket, ${sums} FROM ${COUNTS.name}
           WHERE ${IN_COUNCILS} AND grain = ? AND category = '*' AND bucket >= ? AND bucket < ?
           GROUP BY bucket ORDER BY bucket`
    return this.db.prepare(sql).all(JSON.stringify(q.councilIds), q.grain, q.from, q.to) as CountSum[]
  }

  async overdue(councilIds: readonly string[], from: number, to: number, now: number): Promise<OverdueCount[]> {
    return this.db
      .prepare(
        `SELECT council_id AS councilId, category, COUNT(*) AS n FROM ${EVENTS.name}
         WHERE ${IN_COUNCILS} AND handled_at IS NULL AND reported_at >= ? AND reported_at < ? AND due_at < ?
         GROUP BY council_id, category`,
      )
      .all(JSON.stringify(councilIds), from, to, now) as OverdueCount[]
  }

  async caseCounts(councilIds: readonly string[], from: number, to: number): Promise<CaseCount[]> {
    return this.db
      .prepare(
        `SELECT type, outcome, COUNT(*) AS n FROM ${CASES.name}
         WHERE ${IN_COUNCILS} AND reported_at >= ? AND reported_at < ? GROUP BY type, outcome`,
      )
      .all(JSON.stringify(councilIds), from, to) as CaseCount[]
  }

  async events(councilIds: readonly string[], from: number, to: number) {
    const rows = this.db
      .prepare(
        `SELECT * FROM ${EVENTS.name} WHERE ${IN_COUNCILS} AND reported_at >= ? AND reported_at < ?
         ORDER BY reported_at, council_id, event_id`,
      )
      .all(JSON.stringify(councilIds), from, to) as Record<string, unknown>[]
    return rows.map((r) => fromDb(EVENTS, r))
  }

  async dump(): Promise<TableDump> {
    const all = (name: string) => this.db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[]
    return {
      events: all(EVENTS.name).map((r) => fromDb(EVENTS, r)),
      counts: all(COUNTS.name).map((r) => fromDb(COUNTS, r)),
      votes: all(VOTES.name).map((r) => fromDb(VOTES, r)),
      cases: all(CASES.name).map((r) => fromDb(CASES, r)),
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
