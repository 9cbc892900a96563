/**
 * Read-model tables in PostgreSQL (the multi-process mode), next to the docs in the same schema.
 * Several processes may fold the same doc: every replace takes a transaction-scoped advisory lock
 * per scope (a council's events, one vote, a council's cases) in a fixed order, then deletes and
 * re-inserts the scope's rows — so concurrent folds serialise and the last fold's rows win whole.
 * Table setup is versioned in `rm_meta` (READ_MODEL_VERSION), under an advisory lock.
 */
import type pg from 'pg'
import { createPgPool, withTransaction } from '../storage/postgres'
import type { DocRows } from './rows'
import { scopeWrite } from './scopes'
import { CASES, COUNTS, ddl, EVENTS, fromDb, READ_MODEL_VERSION, TABLES, values, VOTES, type TableSpec } from './tables'
import type { CaseCount, CountQuery, CountSum, OverdueCount, ReadModelStore, TableDump } from './ReadModelStore'

const TYPES = { text: 'TEXT', int: 'BIGINT', bool: 'SMALLINT' } as const
const ARRAY_TYPES = { text: 'text[]', int: 'bigint[]', bool: 'smallint[]' } as const
const LOCK_SPACE = 727911003
const SETUP_LOCK = 727911004

export interface PostgresReadModelOptions {
  connectionString: string
  schema?: string
  poolSize?: number
  onError?: (e: Error) => void
}

export class PostgresReadModel implements ReadModelStore {
  readonly ready: Promise<void>
  /** Set once ready: true when this process (re)created the tables (the caller should reindex). */
  fresh = false
  private readonly pool: pg.Pool
  private readonly schema: string

  constructor(opts: PostgresReadModelOptions) {
    this.schema = opts.schema ?? 'public'
    this.pool = createPgPool(opts.connectionString, this.schema, opts.poolSize ?? 4)
    this.pool.on('error', (e) => opts.onError?.(e))
    this.ready = this.setup()
    this.ready.catch(() => {})
  }

  private async setup(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK])
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`)
      await c.query('CREATE TABLE IF NOT EXISTS rm_meta (version INTEGER NOT NULL)')
      const { rows } = await c.query<{ version: number }>('SELECT version FROM rm_meta')
      if (rows[0]?.version === READ_MODEL_VERSION) return
      for (const t of TABLES) await c.query(`DROP TABLE IF EXISTS ${t.name}`)
      for (const t of TABLES) for (const s of ddl(t, TYPES)) await c.query(s)
      await c.query('DELETE FROM rm_meta')
      await c.query('INSERT INTO rm_meta (version) VALUES ($1)', [READ_MODEL_VERSION])
      this.fresh = true
    }, false)
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, waitReady = true): Promise<T> {
    if (waitReady) await this.ready
    return withTransaction(this.pool, fn)
  }

  async replace(rows: DocRows): Promise<void> {
    await this.replaceMany([rows])
  }

  async replaceMany(batch: readonly DocRows[]): Promise<void> {
    if (batch.length === 0) return
    await this.tx(async (c) => {
      // Fixed lock order across processes: no deadlock between two batches.
      const keys = [...new Set(batch.map(scopeKey))].sort()
      for (const k of keys) await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, k])
      for (const r of batch) {
        const w = scopeWrite(r)
        for (const d of w.deletes)
          await c.query(
            `DELETE FROM ${d.table} WHERE ${d.where.map((col, i) => `${col} = $${i + 1}`).join(' AND ')}`,
            d.args,
          )
        for (const ins of w.inserts) await insertAll(c, ins.table, ins.rows)
      }
    })
  }

  async clear(): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`TRUNCATE ${TABLES.map((t) => t.name).join(', ')}`)
    })
  }

  async sumCounts(q: CountQuery): Promise<CountSum[]> {
    await this.ready
    const sums =
      'SUM(reported) AS reported, SUM(closed) AS closed, SUM(same_day) AS "sameDay", SUM(sat_sum) AS "satSum", SUM(sat_count) AS "satCount"'
    const sql =
      q.groupBy === 'categories'
        ? `SELECT council_id AS "councilId", category, 0 AS bucket, ${sums} FROM ${COUNTS.name}
           WHERE council_id = ANY($1::text[]) AND grain = $2 AND category <> '*' AND bucket >= $3 AND bucket < $4
           GROUP BY council_id, category`
        : `SELECT '' AS "councilId", '*' AS category, bucket, ${sums} FROM ${COUNTS.name}
           WHERE council_id = ANY($1::text[]) AND grain = $2 AND category = '*' AND bucket >= $3 AND bucket < $4
           GROUP BY bucket ORDER BY bucket`
    const { rows } = await this.pool.query(sql, [q.councilIds, q.grain, q.from, q.to])
    return rows.map((r) => ({
      councilId: r.councilId,
      category: r.category,
      bucket: Number(r.bucket),
      reported: Number(r.reported),
      closed: Number(r.closed),
      sameDay: Number(r.sameDay),
      satSum: Number(r.satSum),
      satCount: Number(r.satCount),
    }))
  }

  async overdue(councilIds: readonly string[], from: number, to: number, now: number): Promise<OverdueCount[]> {
    await this.ready
    const { rows } = await this.pool.query(
      `SELECT council_id AS "councilId", category, COUNT(*) AS n FROM ${EVENTS.name}
       WHERE council_id = ANY($1::text[]) AND handled_at IS NULL AND reported_at >= $2 AND reported_at < $3
         AND due_at < $4
       GROUP BY council_id, category`,
      [councilIds, from, to, now],
    )
    return rows.map((r) => ({ councilId: r.councilId, category: r.category, n: Number(r.n) }))
  }

  async caseCounts(councilIds: readonly string[], from: number, to: number): Promise<CaseCount[]> {
    await this.ready
    const { rows } = await this.pool.query(
      `SELECT type, outcome, COUNT(*) AS n FROM ${CASES.name}
       WHERE council_id = ANY($1::text[]) AND reported_at >= $2 AND reported_at < $3 GROUP BY type, outcome`,
      [councilIds, from, to],
    )
    return rows.map((r) => ({ type: r.type, outcome: r.outcome, n: Number(r.n) }))
  }

  async events(councilIds: readonly string[], from: number, to: number) {
    await this.ready
    const { rows } = await this.pool.query(
      `SELECT * FROM ${EVENTS.name} WHERE council_id = ANY($1::text[]) AND reported_at >= $2 AND reported_at < $3
       ORDER BY reported_at, council_id, event_id`,
      [councilIds, from, to],
    )
    return rows.map((r) => fromDb(EVENTS, r))
  }

  async dump(): Promise<TableDump> {
    await this.ready
    const all = async (name: string) => (await this.pool.query(`SELECT * FROM ${name}`)).rows
    return {
      events: (await all(EVENTS.name)).map((r) => fromDb(EVENTS, r)),
      counts: (await all(COUNTS.name)).map((r) => fromDb(COUNTS, r)),
      votes: (await all(VOTES.name)).map((r) => fromDb(VOTES, r)),
      cases: (await all(CASES.name)).map((r) => fromDb(CASES, r)),
    }
  }

  async sizeBytes(): Promise<number> {
    await this.ready
    const { rows } = await this.pool.query(
      `SELECT SUM(pg_total_relation_size(format('%I.%I', $1::text, t)::regclass)) AS n FROM unnest($2::text[]) AS t`,
      [this.schema, TABLES.map((t) => t.name)],
    )
    return Number(rows[0]?.n ?? 0)
  }

  async close(): Promise<void> {
    await this.ready.catch(() => {})
    await this.pool.end()
  }
}

/** The advisory-lock key of one folded doc's rows (not a doc name: '/'-separated on purpose). */
function scopeKey(r: DocRows): string {
  return r.scope === 'vote' ? `${r.scope}/${r.councilId}/${r.voteId}` : `${r.scope}/${r.councilId}`
}

/** One INSERT … SELECT FROM unnest(column arrays) per table: a council's year of events in one query. */
async function insertAll<R>(c: pg.PoolClient, t: TableSpec<R>, rows: readonly unknown[]): Promise<void> {
  const CHUNK = 5000
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK) as R[]
    const cols = t.columns.map(() => [] as Array<string | number | null>)
    for (const row of part) {
      const vs = values(t, row)
      for (let k = 0; k < vs.length; k++) cols[k]!.push(vs[k]!)
    }
    const params = t.columns.map((col, k) => `$${k + 1}::${ARRAY_TYPES[col.type]}`).join(', ')
    await c.query(
      `INSERT INTO ${t.name} (${t.columns.map((col) => col.name).join(', ')}) SELECT * FROM unnest(${params})`,
      cols,
    )
  }
}
