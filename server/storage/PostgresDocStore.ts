/**
 * DocStore on PostgreSQL (pg Pool), for running several server processes on one database.
 *
 * Rows: `doc_updates(doc, id, data)`, primary key (doc, id); ids come from one sequence.
 *
 * Per-doc id order = commit order. Every transaction that writes a doc first takes
 * `pg_advisory_xact_lock(<doc lock key>)`, so appends (and compactions) of one doc are serialised
 * across all processes: a transaction allocates its ids only after the previous writer of that doc
 * has committed. Hence for every doc the committed rows always form a prefix by id — a reader that
 * sees row N also sees every older row of that doc — and ids handed out later are larger.
 *
 * Durability: each append is its own transaction and `appendUpdates` resolves after COMMIT returns
 * (synchronous_commit must stay `on`, the PostgreSQL default; see docs/ops.md).
 *
 * Compaction: `compactMerging` reads the rows it is about to delete inside the locked transaction
 * and stores merge(rows) in their place, so it never depends on what some process holds in memory.
 *
 * Its schema migrations (DOC_MIGRATIONS) run at construction (`ready`), see ./postgres.ts. All tables
 * live in `schema` (search_path), default `public`.
 */
import type pg from 'pg'
import type { DecideAppend, DocStore, LoadedDoc, MergeRows, StoredRow } from './DocStore'
import { createPgPool, migratePostgres, withTransaction, type Migration } from './postgres'

/** The doc store's migrations (versions are shared with ACCOUNT_MIGRATIONS, see storage/postgres.ts). */
export const DOC_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'doc_updates',
    sql: `
CREATE SEQUENCE IF NOT EXISTS doc_update_ids AS BIGINT;
CREATE TABLE IF NOT EXISTS doc_updates (
  doc   TEXT   NOT NULL,
  id    BIGINT NOT NULL DEFAULT nextval('doc_update_ids'),
  data  BYTEA  NOT NULL,
  PRIMARY KEY (doc, id)
);`,
  },
]

/** Two-key form: (namespace, hash of the doc name). hashtext collisions only serialise more. */
const SQL_DOC_LOCK = 'SELECT pg_advisory_xact_lock(727911002, hashtext($1))'
const SQL_LOAD = 'SELECT id, data FROM doc_updates WHERE doc = $1 ORDER BY id'
const SQL_LOAD_AFTER = 'SELECT id, data FROM doc_updates WHERE doc = $1 AND id > $2 ORDER BY id'
const SQL_LOAD_UPTO = 'SELECT id, data FROM doc_updates WHERE doc = $1 AND id <= $2 ORDER BY id'
const SQL_LAST_ID = 'SELECT COALESCE(MAX(id), 0) AS last_id FROM doc_updates WHERE doc = $1'
/** One round trip for a batch: unnest keeps the array order (WITH ORDINALITY) for the id order. */
const SQL_INSERT_BATCH = `INSERT INTO doc_updates (doc, data)
  SELECT $1, u.data FROM unnest($2::bytea[]) WITH ORDINALITY AS u(data, n) ORDER BY u.n
  RETURNING id`
const SQL_INSERT_WITH_ID = 'INSERT INTO doc_updates (doc, id, data) VALUES ($1, $2, $3)'
const SQL_DELETE_UPTO = 'DELETE FROM doc_updates WHERE doc = $1 AND id <= $2'
const SQL_LIST = 'SELECT DISTINCT doc FROM doc_updates ORDER BY doc'
const SQL_REMOVE = 'DELETE FROM doc_updates WHERE doc = $1'

export interface PostgresDocStoreOptions {
  connectionString: string
  /** Schema holding the tables (created if missing). Default `public`. */
  schema?: string
  poolSize?: number
  /** Pool errors on idle clients (e.g. the server restarted); default: ignored. */
  onError?: (e: Error) => void
}

export class PostgresDocStore implements DocStore {
  private readonly pool: pg.Pool
  /** Resolves once the schema is migrated; every method waits for it. */
  readonly ready: Promise<void>
  private closed = false

  constructor(opts: PostgresDocStoreOptions) {
    const schema = opts.schema ?? 'public'
    this.pool = createPgPool(opts.connectionString, schema, opts.poolSize ?? 10)
    this.pool.on('error', (e) => opts.onError?.(e))
    this.ready = migratePostgres(this.pool, schema, DOC_MIGRATIONS)
    this.ready.catch(() => {}) // surfaced by the first call (and by app start-up, which awaits it)
  }

  /** Runs `fn` in a transaction on one pooled client; rolls back on any error. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready
    if (this.closed) throw new Error('store is closed')
    return withTransaction(this.pool, fn)
  }

  async load(doc: string): Promise<LoadedDoc> {
    await this.ready
    const { rows } = await this.pool.query<{ id: string; data: Buffer }>(SQL_LOAD, [doc])
    return { updates: rows.map((r) => new Uint8Array(r.data)), lastId: rows.length ? Number(rows.at(-1)!.id) : 0 }
  }

  async appendUpdates(doc: string, updates: Uint8Array[]): Promise<number> {
    if (updates.length === 0) {
      await this.ready
      const { rows } = await this.pool.query<{ last_id: string }>(SQL_LAST_ID, [doc])
      return Number(rows[0]!.last_id)
    }
    return this.tx(async (c) => {
      await c.query(SQL_DOC_LOCK, [doc])
      const { rows } = await c.query<{ id: string }>(SQL_INSERT_BATCH, [doc, updates.map(toBuffer)])
      return Math.max(...rows.map((r) => Number(r.id)))
    })
  }

  /**
   * One step of the cross-process serial writer (DocStore.appendSerial). The lock is taken in its
   * own statement: under READ COMMITTED each statement gets a fresh snapshot, so the SELECT that
   * follows sees every row committed by the previous holder of the lock (a lock and a read in one
   * statement would read a snapshot taken before the wait). Rows a compaction folded keep the
   * largest folded id, so `id > sinceId` never misses content, at worst re-reads a snapshot.
   */
  async appendSerial(
    doc: string,
    sinceId: number,
    decide: DecideAppend,
  ): Promise<{ lastId: number; appendedId: number }> {
    return this.tx(async (c) => {
      await c.query(SQL_DOC_LOCK, [doc])
      const { rows } = await c.query<{ id: string; data: Buffer }>(SQL_LOAD_AFTER, [doc, sinceId])
      const missed: StoredRow[] = rows.map((r) => ({ id: Number(r.id), data: new Uint8Array(r.data) }))
      const lastSeen = missed.length ? missed.at(-1)!.id : sinceId
      const updates = decide(missed)
      if (updates.length === 0) return { lastId: lastSeen, appendedId: 0 }
      const inserted = await c.query<{ id: string }>(SQL_INSERT_BATCH, [doc, updates.map(toBuffer)])
      const appendedId = Math.max(...inserted.rows.map((r) => Number(r.id)))
      return { lastId: appendedId, appendedId }
    })
  }

  async compact(doc: string, snapshot: Uint8Array, uptoId: number): Promise<void> {
    if (uptoId <= 0) throw new Error('compact: uptoId must be > 0')
    await this.tx(async (c) => {
      await c.query(SQL_DOC_LOCK, [doc])
      await c.query(SQL_DELETE_UPTO, [doc, uptoId])
      await c.query(SQL_INSERT_WITH_ID, [doc, uptoId, toBuffer(snapshot)])
    })
  }

  async compactMerging(doc: string, uptoId: number, merge: MergeRows): Promise<number> {
    if (uptoId <= 0) throw new Error('compact: uptoId must be > 0')
    return this.tx(async (c) => {
      await c.query(SQL_DOC_LOCK, [doc])
      const { rows } = await c.query<{ id: string; data: Buffer }>(SQL_LOAD_UPTO, [doc, uptoId])
      if (rows.length < 2) return 0
      const snapshot = merge(rows.map((r) => new Uint8Array(r.data)))
      const lastId = rows.at(-1)!.id
      await c.query(SQL_DELETE_UPTO, [doc, lastId])
      await c.query(SQL_INSERT_WITH_ID, [doc, lastId, toBuffer(snapshot)])
      return rows.length
    })
  }

  async list(): Promise<string[]> {
    await this.ready
    return (await this.pool.query<{ doc: string }>(SQL_LIST)).rows.map((r) => r.doc)
  }

  async remove(doc: string): Promise<void> {
    await this.tx(async (c) => {
      await c.query(SQL_DOC_LOCK, [doc])
      await c.query(SQL_REMOVE, [doc])
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.ready.catch(() => {})
    await this.pool.end()
  }
}

function toBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength)
}
