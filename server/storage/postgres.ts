/**
 * PostgreSQL plumbing shared by the stores on one database (docs, accounts, read models): the pool
 * and the migration runner. Each store owns its migrations; all are recorded in one
 * `schema_migrations` table, so versions are unique across stores: never edit a released migration,
 * append a new one with the next free version (doc store: 1; accounts: 2–5).
 */
import pg from 'pg'
import { PG_SCHEMA_RE } from '../config'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** A pool whose connections use `schema` first (search_path as a startup parameter). */
export function createPgPool(connectionString: string, schema: string, max: number): pg.Pool {
  if (!PG_SCHEMA_RE.test(schema)) throw new Error(`invalid schema name: ${schema}`)
  // BIGINT columns (timestamps, ids) come back as JS numbers; all our values are < 2^53.
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === pg.types.builtins.INT8
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  }
  return new pg.Pool({ connectionString, max, options: `-c search_path=${schema}`, types })
}

/** Runs `fn` in one transaction on one pooled client; rolls back on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect()
  try {
    await c.query('BEGIN')
    const out = await fn(c)
    await c.query('COMMIT')
    return out
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {})
    throw e
  } finally {
    c.release()
  }
}

/** Creates the schema and applies the pending ones of `migrations`, serialised across processes. */
export async function migratePostgres(pool: pg.Pool, schema: string, migrations: readonly Migration[]): Promise<void> {
  await withTransaction(pool, async (c) => {
    await c.query(SQL_MIGRATION_LOCK, [MIGRATION_LOCK_KEY])
    await c.query(SQL_CREATE_SCHEMA(schema))
    await c.query(SQL_CREATE_MIGRATIONS)
    const applied = new Set((await c.query<{ version: number }>(SQL_APPLIED_VERSIONS)).rows.map((r) => r.version))
    for (const m of migrations) {
      if (applied.has(m.version)) continue
      await c.query(m.sql)
      await c.query(SQL_RECORD_MIGRATION, [m.version, m.name])
    }
  })
}

/** Arbitrary constant: serialises concurrent migrations of processes starting together. */
const MIGRATION_LOCK_KEY = 727_911_001

const SQL_CREATE_SCHEMA = (schema: string) => `CREATE SCHEMA IF NOT EXISTS "${schema}"`
const SQL_CREATE_MIGRATIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`
const SQL_MIGRATION_LOCK = 'SELECT pg_advisory_xact_lock($1)'
const SQL_APPLIED_VERSIONS = 'SELECT version FROM schema_migrations'
const SQL_RECORD_MIGRATION = 'INSERT INTO schema_migrations (version, name) VALUES ($1, $2)'
