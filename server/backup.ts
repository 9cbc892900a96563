/**
 * Portable backups: `npm run yishi -- backup <file>` / `npm run yishi -- restore <file> [--force]`.
 *
 * Format: JSON lines, independent of the storage kind (a SQLite backup restores into PostgreSQL and
 * vice versa):
 *   {"format":"yishi-backup","version":1,"createdAt":"…","storage":"sqlite"|"postgres"}
 *   {"kind":"table","name":"users","sql":"CREATE TABLE …"}        account tables (SQLite, schema)
 *   {"kind":"row","table":"users","row":{…}}                       one per row (BLOBs as {"$b64":…})
 *   {"kind":"doc","doc":"notes:…","updates":["<base64>",…]}       one per document (its stored rows)
 *   {"kind":"end","tables":n,"rows":n,"docs":n}                   absent = truncated backup, refused
 *
 * Documents and accounts come from the configured storage (YISHI_STORAGE): `<YISHI_DATA_DIR>/
 * yishi.sqlite`, or PostgreSQL (account tables of migration 2; `sql` is null there). With SQLite the
 * whole backup is one read transaction, i.e. one consistent snapshot while the server runs; with
 * PostgreSQL the accounts are one snapshot and each document is consistent on its own. The file is written to `<file>.tmp` and renamed
 * when complete. `jwt.secret` is not included (losing it only logs everyone out).
 *
 * Restore goes into an EMPTY target (no documents, no users) unless --force; with the server stopped.
 */
import Database from 'better-sqlite3'
import { closeSync, openSync, readFileSync, renameSync, writeSync, fsyncSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ServerConfig } from './config'
import { openDocStore } from './app'
import type { DocStore } from './storage/DocStore'
import { SQLITE_FILE_NAME } from './storage/SqliteDocStore'
import { ACCOUNT_MIGRATIONS, PG_ACCOUNT_TABLES } from './accounts/pgMigrations'
import { createPgPool, migratePostgres } from './storage/postgres'
import { SqliteAccountStore } from './accounts/SqliteAccountStore'

export const BACKUP_FORMAT = 'yishi-backup'
export const BACKUP_VERSION = 1

const SQL_ACCOUNT_TABLES = `SELECT name, sql FROM sqlite_master
  WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'doc_updates' ORDER BY name`
const SQL_ACCOUNT_INDEXES = `SELECT sql FROM sqlite_master
  WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?`
const SQL_COUNT_USERS = 'SELECT COUNT(*) AS n FROM users'

export interface BackupSummary {
  tables: number
  rows: number
  docs: number
}

type Row = Record<string, unknown>

const encodeValue = (v: unknown) => (Buffer.isBuffer(v) ? { $b64: v.toString('base64') } : v)
const decodeValue = (v: unknown) =>
  v !== null && typeof v === 'object' && typeof (v as { $b64?: unknown }).$b64 === 'string'
    ? Buffer.from((v as { $b64: string }).$b64, 'base64')
    : v
const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64')

export async function backup(cfg: ServerConfig, file: string): Promise<BackupSummary> {
  if (cfg.storage === 'postgres') return backupPostgres(cfg, file)
  // Make sure the account schema exists (fresh data dir), then read through our own connection.
  await new SqliteAccountStore(cfg.dataDir).close()
  const db = new Database(join(cfg.dataDir, SQLITE_FILE_NAME), { readonly: true })
  const tmp = `${file}.tmp`
  const fd = openSync(tmp, 'w', 0o600)
  const line = (o: unknown) => writeSync(fd, `${JSON.stringify(o)}\n`)
  const summary: BackupSummary = { tables: 0, rows: 0, docs: 0 }
  try {
    line({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), storage: cfg.storage })
    db.exec('BEGIN') // one read snapshot for accounts (and SQLite docs)
    for (const t of db.prepare<[], { name: string; sql: string }>(SQL_ACCOUNT_TABLES).all()) {
      const indexes = db
        .prepare<[string], { sql: string }>(SQL_ACCOUNT_INDEXES)
        .all(t.name)
        .map((i) => i.sql)
      line({ kind: 'table', name: t.name, sql: t.sql, indexes })
      summary.tables++
      for (const row of db.prepare(`SELECT * FROM "${t.name}"`).iterate() as IterableIterator<Row>) {
        line({
          kind: 'row',
          table: t.name,
          row: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeValue(v)])),
        })
        summary.rows++
      }
    }
    {
      const hasDocs = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'doc_updates'").get()
      if (hasDocs) {
        const current = { doc: '', updates: [] as string[] }
        const rows = db.prepare('SELECT doc, data FROM doc_updates ORDER BY doc, id').iterate() as IterableIterator<{
          doc: string
          data: Buffer
        }>
        for (const r of rows) {
          if (current.doc !== r.doc) {
            if (current.updates.length) line({ kind: 'doc', ...current })
            current.doc = r.doc
            current.updates = []
            summary.docs++
          }
          current.updates.push(r.data.toString('base64'))
        }
        if (current.updates.length) line({ kind: 'doc', ...current })
      }
    }
    db.exec('COMMIT')
    line({ kind: 'end', ...summary })
    fsyncSync(fd)
  } finally {
    closeSync(fd)
    db.close()
  }
  renameSync(tmp, file)
  return summary
}

/** PostgreSQL: account tables in one REPEATABLE READ snapshot, then each document. */
async function backupPostgres(cfg: ServerConfig, file: string): Promise<BackupSummary> {
  const pool = createPgPool(cfg.databaseUrl!, cfg.pgSchema, 2)
  const store = await openDocStore(cfg)
  const tmp = `${file}.tmp`
  const fd = openSync(tmp, 'w', 0o600)
  const line = (o: unknown) => writeSync(fd, `${JSON.stringify(o)}\n`)
  const summary: BackupSummary = { tables: 0, rows: 0, docs: 0 }
  const c = await pool.connect()
  try {
    line({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), storage: cfg.storage })
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    for (const t of PG_ACCOUNT_TABLES) {
      line({ kind: 'table', name: t, sql: null })
      summary.tables++
      for (const row of (await c.query<Row>(`SELECT * FROM ${t} ORDER BY 1`)).rows) {
        line({
          kind: 'row',
          table: t,
          row: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeValue(v)])),
        })
        summary.rows++
      }
    }
    await c.query('COMMIT')
    for (const doc of await store.list()) {
      line({ kind: 'doc', doc, updates: (await store.load(doc)).updates.map(b64) })
      summary.docs++
    }
    line({ kind: 'end', ...summary })
    fsyncSync(fd)
  } finally {
    c.release()
    closeSync(fd)
    await pool.end()
    await store.close()
  }
  renameSync(tmp, file)
  return summary
}

interface BackupLine {
  kind?: string
  format?: string
  version?: number
  name?: string
  sql?: string
  indexes?: string[]
  table?: string
  row?: Row
  doc?: string
  updates?: string[]
}

export async function restore(cfg: ServerConfig, file: string, opts: { force?: boolean } = {}): Promise<BackupSummary> {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
  const parsed = lines.map((l, i) => {
    try {
      return JSON.parse(l) as BackupLine
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`)
    }
  })
  const head = parsed[0]
  if (head?.format !== BACKUP_FORMAT || head.version !== BACKUP_VERSION)
    throw new Error(`${file}: not a ${BACKUP_FORMAT} v${BACKUP_VERSION} file`)
  if (parsed.at(-1)?.kind !== 'end') throw new Error(`${file}: truncated backup (no end line)`)

  if (cfg.storage === 'postgres') return restorePostgres(cfg, parsed, opts)
  // Account schema first (our own tables), then tables only the backup knows.
  await new SqliteAccountStore(cfg.dataDir).close()
  const db = new Database(join(cfg.dataDir, SQLITE_FILE_NAME))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  const store: DocStore = await openDocStore(cfg)
  const summary: BackupSummary = { tables: 0, rows: 0, docs: 0 }
  try {
    if (!opts.force) {
      const users = (db.prepare(SQL_COUNT_USERS).get() as { n: number }).n
      const docs = (await store.list()).length
      if (users > 0 || docs > 0)
        throw new Error(`target is not empty (${users} users, ${docs} documents); use --force to restore over it`)
    }
    const existing = new Set((db.prepare(SQL_ACCOUNT_TABLES).all() as Array<{ name: string }>).map((t) => t.name))
    db.transaction(() => {
      for (const l of parsed) {
        if (l.kind === 'table' && l.name && (l.sql || existing.has(l.name))) {
          if (!existing.has(l.name) && l.sql) {
            db.exec(l.sql)
            for (const i of l.indexes ?? []) db.exec(i)
          }
          if (opts.force) db.exec(`DELETE FROM "${l.name}"`)
          summary.tables++
        } else if (l.kind === 'row' && l.table && l.row) {
          const cols = Object.keys(l.row)
          const sql = `INSERT INTO "${l.table}" (${cols.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
          db.prepare(sql).run(...cols.map((c) => decodeValue(l.row![c])))
          summary.rows++
        }
      }
    })()
    summary.docs = await restoreDocs(store, parsed, opts)
  } finally {
    db.close()
    await store.close()
  }
  return summary
}

async function restoreDocs(store: DocStore, parsed: BackupLine[], opts: { force?: boolean }): Promise<number> {
  let docs = 0
  for (const l of parsed) {
    if (l.kind !== 'doc' || !l.doc || !l.updates) continue
    if (opts.force) await store.remove(l.doc)
    if (l.updates.length)
      await store.appendUpdates(
        l.doc,
        l.updates.map((u) => new Uint8Array(Buffer.from(u, 'base64'))),
      )
    docs++
  }
  return docs
}

/** Into PostgreSQL: our account tables in one transaction (other tables are skipped), then docs. */
async function restorePostgres(
  cfg: ServerConfig,
  parsed: BackupLine[],
  opts: { force?: boolean },
): Promise<BackupSummary> {
  const store = await openDocStore(cfg)
  const pool = createPgPool(cfg.databaseUrl!, cfg.pgSchema, 2)
  await migratePostgres(pool, cfg.pgSchema, ACCOUNT_MIGRATIONS)
  const summary: BackupSummary = { tables: 0, rows: 0, docs: 0 }
  const known = new Set<string>(PG_ACCOUNT_TABLES)
  const c = await pool.connect()
  try {
    if (!opts.force) {
      const users = (await c.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM users')).rows[0]!.n
      const docs = (await store.list()).length
      if (users > 0 || docs > 0)
        throw new Error(`target is not empty (${users} users, ${docs} documents); use --force to restore over it`)
    }
    await c.query('BEGIN')
    if (opts.force) for (const t of [...PG_ACCOUNT_TABLES].reverse()) await c.query(`DELETE FROM ${t}`)
    for (const l of parsed) {
      if (l.kind === 'table' && l.name && known.has(l.name)) summary.tables++
      else if (l.kind === 'row' && l.table && l.row && known.has(l.table)) {
        const cols = Object.keys(l.row)
        if (!cols.every((col) => /^[a-z_][a-z0-9_]*$/.test(col))) throw new Error(`unexpected column in ${l.table}`)
        await c.query(
          `INSERT INTO ${l.table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          cols.map((col) => decodeValue(l.row![col])),
        )
        summary.rows++
      }
    }
    // Explicit audit ids were inserted: continue the identity after them.
    await c.query(
      "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), GREATEST((SELECT MAX(id) FROM audit_log), 1))",
    )
    await c.query('COMMIT')
    summary.docs = await restoreDocs(store, parsed, opts)
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {})
    throw e
  } finally {
    c.release()
    await pool.end()
    await store.close()
  }
  return summary
}

/** `backup <file>` | `restore <file> [--force]` for server/cli.ts. */
export async function runBackupCommand(
  cfg: ServerConfig,
  command: 'backup' | 'restore',
  args: string[],
): Promise<void> {
  const file = args.find((a) => !a.startsWith('--'))
  if (!file) throw new Error(`usage: npm run yishi -- ${command} <file>${command === 'restore' ? ' [--force]' : ''}`)
  if (command === 'backup') {
    const s = await backup(cfg, file)
    console.log(
      `备份完成 / backup written: ${file} (${s.docs} documents, ${s.rows} account rows in ${s.tables} tables, storage ${cfg.storage})`,
    )
  } else {
    if (!existsSync(file)) throw new Error(`${file}: no such file`)
    const s = await restore(cfg, file, { force: args.includes('--force') })
    console.log(
      `恢复完成 / restored: ${s.docs} documents, ${s.rows} account rows into ${cfg.storage === 'sqlite' ? cfg.dataDir : `PostgreSQL schema ${cfg.pgSchema}`}`,
    )
  }
}
