/**
 * AccountStore on better-sqlite3 (the default, one server process). The logic is SqlAccountStore's;
 * this file holds the schema, the SQL and how to run it.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type AccountDb, type AccountQuery, type AccountSql, SqlAccountStore } from './SqlAccountStore'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, phone TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  password_hash TEXT, invite_code_hash TEXT, is_admin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS compounds (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL, grid TEXT NOT NULL,
  created_at INTEGER NOT NULL, created_by TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memberships (
  user_id TEXT NOT NULL, council_id TEXT NOT NULL, role TEXT NOT NULL, scope TEXT NOT NULL,
  PRIMARY KEY (user_id, council_id, role));
CREATE TABLE IF NOT EXISTS refresh_tokens (
  hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL, family TEXT, used_at INTEGER);
CREATE TABLE IF NOT EXISTS invitations (
  user_id TEXT NOT NULL, council_id TEXT NOT NULL, code_hash TEXT NOT NULL, grants TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (user_id, council_id));
CREATE TABLE IF NOT EXISTS blob_usage (
  user_id TEXT NOT NULL, day TEXT NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (user_id, day));
CREATE TABLE IF NOT EXISTS login_locks (
  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, level INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS household_phones (
  council_id TEXT NOT NULL, household_id TEXT NOT NULL, phone TEXT NOT NULL,
  PRIMARY KEY (council_id, household_id));
CREATE TABLE IF NOT EXISTS org_nodes (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, parent_id TEXT);
CREATE TABLE IF NOT EXISTS org_staff (
  user_id TEXT NOT NULL, node_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (user_id, node_id, role));
CREATE INDEX IF NOT EXISTS org_staff_node ON org_staff (node_id);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, user_id TEXT NOT NULL,
  action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT);
`
const SQL: AccountSql = {
  COUNT_ADMINS: `SELECT COUNT(*) AS n FROM users WHERE is_admin = 1 AND password_hash IS NOT NULL`,
  INSERT_USER: `INSERT INTO users (id, phone, name, password_hash, invite_code_hash, is_admin, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  USER_BY_PHONE: `SELECT * FROM users WHERE phone = ?`,
  USER_BY_ID: `SELECT * FROM users WHERE id = ?`,
  SET_PASSWORD: `UPDATE users SET password_hash = ?, invite_code_hash = NULL WHERE id = ?`,
  SET_INVITE: `UPDATE users SET invite_code_hash = ? WHERE id = ?`,
  INSERT_COMPOUND: `INSERT INTO compounds (id, name, address, grid, created_at, created_by, org_node_id)
  VALUES (?, ?, ?, ?, ?, ?, ?)`,
  COMPOUND: `SELECT * FROM compounds WHERE id = ?`,
  COMPOUNDS: `SELECT * FROM compounds ORDER BY created_at`,
  UPSERT_MEMBERSHIP: `INSERT INTO memberships (user_id, council_id, role, scope) VALUES (?, ?, ?, ?)
  ON CONFLICT (user_id, council_id, role) DO UPDATE SET scope = excluded.scope`,
  DELETE_MEMBERSHIP: `DELETE FROM memberships WHERE user_id = ? AND council_id = ? AND role = ?`,
  MEMBERSHIPS_OF_USER: `SELECT * FROM memberships WHERE user_id = ?`,
  MEMBERS_OF_COUNCIL: `SELECT m.*, u.name, u.phone FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.council_id = ? ORDER BY u.name`,
  PUT_REFRESH: `INSERT INTO refresh_tokens (hash, user_id, expires_at, family) VALUES (?, ?, ?, ?)`,
  PRUNE_REFRESH: `DELETE FROM refresh_tokens WHERE expires_at < ?`,
  TAKE_REFRESH: `UPDATE refresh_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL
  RETURNING user_id, expires_at, COALESCE(family, hash) AS family`,
  FIND_REFRESH: `SELECT user_id, expires_at, COALESCE(family, hash) AS family FROM refresh_tokens WHERE hash = ?`,
  REVOKE_FAMILY: `DELETE FROM refresh_tokens WHERE COALESCE(family, hash) = ? RETURNING used_at`,
  REVOKE_USER_TOKENS: `DELETE FROM refresh_tokens WHERE user_id = ?`,
  PUT_INVITATION: `INSERT INTO invitations (user_id, council_id, code_hash, grants, created_by, created_at)
  VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, council_id) DO UPDATE SET code_hash = excluded.code_hash,
  grants = excluded.grants, created_by = excluded.created_by, created_at = excluded.created_at`,
  INVITATIONS_OF_USER: `SELECT * FROM invitations WHERE user_id = ?`,
  INVITATIONS_OF_COUNCIL: `SELECT i.*, u.name, u.phone FROM invitations i JOIN users u ON u.id = i.user_id
  WHERE i.council_id = ? ORDER BY u.name`,
  DELETE_INVITATION: `DELETE FROM invitations WHERE user_id = ? AND council_id = ?`,
  BLOB_USAGE: `SELECT bytes FROM blob_usage WHERE user_id = ? AND day = ?`,
  ADD_BLOB_USAGE: `INSERT INTO blob_usage (user_id, day, bytes) VALUES (?, ?, ?)
  ON CONFLICT (user_id, day) DO UPDATE SET bytes = bytes + excluded.bytes`,
  LOGIN_LOCK: `SELECT * FROM login_locks WHERE key = ?`,
  PUT_LOGIN_LOCK: `INSERT INTO login_locks (key, failures, level, locked_until) VALUES (?, ?, ?, ?)
  ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, level = excluded.level,
  locked_until = excluded.locked_until`,
  DELETE_LOGIN_LOCK: `DELETE FROM login_locks WHERE key = ?`,
  PUT_PHONE: `INSERT INTO household_phones (council_id, household_id, phone) VALUES (?, ?, ?)
  ON CONFLICT (council_id, household_id) DO UPDATE SET phone = excluded.phone`,
  PHONE: `SELECT phone FROM household_phones WHERE council_id = ? AND household_id = ?`,
  ORG_NODES: 'SELECT * FROM org_nodes',
  UPSERT_ORG_NODE: `INSERT INTO org_nodes (id, kind, name, parent_id) VALUES (?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent_id = excluded.parent_id`,
  // BEGIN IMMEDIATE already holds SQLite's one write lock: no row lock to take.
  LOCK_ORG_NODE: 'SELECT 1 FROM org_nodes WHERE id = ?',
  ORG_NODE_HAS_CHILD: 'SELECT 1 FROM org_nodes WHERE parent_id = ? LIMIT 1',
  ORG_NODE_HAS_COUNCIL: 'SELECT 1 FROM compounds WHERE org_node_id = ? LIMIT 1',
  DELETE_ORG_NODE: 'DELETE FROM org_nodes WHERE id = ?',
  DELETE_ORG_NODE_STAFF: 'DELETE FROM org_staff WHERE node_id = ?',
  SET_COUNCIL_ORG_NODE: 'UPDATE compounds SET org_node_id = ? WHERE id = ?',
  PLACED_COUNCILS: 'SELECT id, org_node_id FROM compounds WHERE org_node_id IS NOT NULL',
  ORG_STAFF_OF_USER: 'SELECT * FROM org_staff WHERE user_id = ?',
  ORG_STAFF_OF_NODE: `SELECT s.*, u.name, u.phone FROM org_staff s JOIN users u ON u.id = s.user_id
  WHERE s.node_id = ? ORDER BY u.name`,
  ADD_ORG_STAFF: 'INSERT INTO org_staff (user_id, node_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  REMOVE_ORG_STAFF: 'DELETE FROM org_staff WHERE user_id = ? AND node_id = ? AND role = ?',
  INSERT_AUDIT: `INSERT INTO audit_log (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
  param: () => '?',
}

/**
 * better-sqlite3 runs each statement synchronously; a transaction spans awaits, so while one is open
 * every other statement waits for it (else another request's write would join it, or be rolled back
 * with it).
 */
class SqliteAccountDb implements AccountDb {
  private readonly statements = new Map<string, Database.Statement>()
  private openTransaction: Promise<void> | null = null

  constructor(private readonly db: Database.Database) {}

  private run<R>(sql: string, args: readonly unknown[]): R[] {
    let st = this.statements.get(sql)
    if (!st) {
      st = this.db.prepare(sql)
      this.statements.set(sql, st)
    }
    if (st.reader) return st.all(...args) as R[]
    st.run(...args)
    return []
  }

  async query<R>(sql: string, args: readonly unknown[] = []): Promise<R[]> {
    while (this.openTransaction) await this.openTransaction
    return this.run<R>(sql, args)
  }

  async transaction<T>(body: (query: AccountQuery) => Promise<T>): Promise<T> {
    while (this.openTransaction) await this.openTransaction
    let done!: () => void
    this.openTransaction = new Promise((resolve) => {
      done = resolve
    })
    try {
      this.db.exec('BEGIN IMMEDIATE')
      const out = await body(async <R>(sql: string, args: readonly unknown[] = []) => this.run<R>(sql, args))
      this.db.exec('COMMIT')
      return out
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      throw e
    } finally {
      this.openTransaction = null
      done()
    }
  }

  async close() {
    this.db.close()
  }
}

function openAccountDb(dataDir: string, file: string): Database.Database {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, file))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  db.exec(SCHEMA)
  // Databases from before refresh-token families: add the columns in place.
  const cols = (db.prepare('PRAGMA table_info(refresh_tokens)').all() as Array<{ name: string }>).map((c) => c.name)
  if (!cols.includes('family')) db.exec('ALTER TABLE refresh_tokens ADD COLUMN family TEXT')
  if (!cols.includes('used_at')) db.exec('ALTER TABLE refresh_tokens ADD COLUMN used_at INTEGER')
  // Databases from before the organisation tree: councils get their (optional) community.
  const compoundCols = (db.prepare('PRAGMA table_info(compounds)').all() as Array<{ name: string }>).map((c) => c.name)
  if (!compoundCols.includes('org_node_id')) db.exec('ALTER TABLE compounds ADD COLUMN org_node_id TEXT')
  return db
}

export class SqliteAccountStore extends SqlAccountStore {
  constructor(dataDir: string, file = 'yishi.sqlite') {
    super(SQL, new SqliteAccountDb(openAccountDb(dataDir, file)))
  }
}
