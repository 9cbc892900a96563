/**
 * AccountStore on PostgreSQL (YISHI_STORAGE=postgres), so several server processes — also on
 * several hosts — share users, memberships, refresh tokens and the audit log. Same tables and
 * column names as SqliteAccountStore (ACCOUNT_MIGRATIONS in ./pgMigrations.ts); the logic is
 * SqlAccountStore's, this file holds the SQL and how to run it.
 */
import type pg from 'pg'
import { createPgPool, migratePostgres, withTransaction } from '../storage/postgres'
import { ACCOUNT_MIGRATIONS } from './pgMigrations'
import { type AccountDb, type AccountSql, SqlAccountStore } from './SqlAccountStore'

const SQL: AccountSql = {
  COUNT_ADMINS: 'SELECT COUNT(*)::int AS n FROM users WHERE is_admin = 1 AND password_hash IS NOT NULL',
  INSERT_USER: `INSERT INTO users (id, phone, name, password_hash, invite_code_hash, is_admin, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
  USER_BY_PHONE: 'SELECT * FROM users WHERE phone = $1',
  USER_BY_ID: 'SELECT * FROM users WHERE id = $1',
  SET_PASSWORD: 'UPDATE users SET password_hash = $1, invite_code_hash = NULL WHERE id = $2',
  SET_INVITE: 'UPDATE users SET invite_code_hash = $1 WHERE id = $2',
  INSERT_COMPOUND: `INSERT INTO compounds (id, name, address, grid, created_at, created_by, org_node_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  COMPOUND: 'SELECT * FROM compounds WHERE id = $1',
  COMPOUNDS: 'SELECT * FROM compounds ORDER BY created_at',
  UPSERT_MEMBERSHIP: `INSERT INTO memberships (user_id, council_id, role, scope) VALUES ($1, $2, $3, $4)
  ON CONFLICT (user_id, council_id, role) DO UPDATE SET scope = excluded.scope`,
  DELETE_MEMBERSHIP: 'DELETE FROM memberships WHERE user_id = $1 AND council_id = $2 AND role = $3',
  MEMBERSHIPS_OF_USER: 'SELECT * FROM memberships WHERE user_id = $1',
  MEMBERS_OF_COUNCIL: `SELECT m.*, u.name, u.phone FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.council_id = $1 ORDER BY u.name`,
  PUT_REFRESH: 'INSERT INTO refresh_tokens (hash, user_id, expires_at, family) VALUES ($1, $2, $3, $4)',
  PRUNE_REFRESH: 'DELETE FROM refresh_tokens WHERE expires_at < $1',
  TAKE_REFRESH: `UPDATE refresh_tokens SET used_at = $1 WHERE hash = $2 AND used_at IS NULL
  RETURNING user_id, expires_at, COALESCE(family, hash) AS family`,
  FIND_REFRESH: 'SELECT user_id, expires_at, COALESCE(family, hash) AS family FROM refresh_tokens WHERE hash = $1',
  REVOKE_FAMILY: 'DELETE FROM refresh_tokens WHERE COALESCE(family, hash) = $1 RETURNING used_at',
  REVOKE_USER_TOKENS: 'DELETE FROM refresh_tokens WHERE user_id = $1',
  PUT_INVITATION: `INSERT INTO invitations (user_id, council_id, code_hash, grants, created_by, created_at)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, council_id) DO UPDATE SET code_hash = excluded.code_hash,
  grants = excluded.grants, created_by = excluded.created_by, created_at = excluded.created_at`,
  INVITATIONS_OF_USER: 'SELECT * FROM invitations WHERE user_id = $1',
  INVITATIONS_OF_COUNCIL: `SELECT i.*, u.name, u.phone FROM invitations i JOIN users u ON u.id = i.user_id
  WHERE i.council_id = $1 ORDER BY u.name`,
  DELETE_INVITATION: 'DELETE FROM invitations WHERE user_id = $1 AND council_id = $2',
  BLOB_USAGE: 'SELECT bytes FROM blob_usage WHERE user_id = $1 AND day = $2',
  ADD_BLOB_USAGE: `INSERT INTO blob_usage (user_id, day, bytes) VALUES ($1, $2, $3)
  ON CONFLICT (user_id, day) DO UPDATE SET bytes = blob_usage.bytes + excluded.bytes`,
  LOGIN_LOCK: 'SELECT * FROM login_locks WHERE key = $1',
  PUT_LOGIN_LOCK: `INSERT INTO login_locks (key, failures, level, locked_until) VALUES ($1, $2, $3, $4)
  ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, level = excluded.level,
  locked_until = excluded.locked_until`,
  DELETE_LOGIN_LOCK: 'DELETE FROM login_locks WHERE key = $1',
  PUT_PHONE: `INSERT INTO household_phones (council_id, household_id, phone) VALUES ($1, $2, $3)
  ON CONFLICT (council_id, household_id) DO UPDATE SET phone = excluded.phone`,
  PHONE: 'SELECT phone FROM household_phones WHERE council_id = $1 AND household_id = $2',
  ORG_NODES: 'SELECT * FROM org_nodes',
  UPSERT_ORG_NODE: `INSERT INTO org_nodes (id, kind, name, parent_id) VALUES ($1, $2, $3, $4)
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent_id = excluded.parent_id`,
  LOCK_ORG_NODE: 'SELECT 1 FROM org_nodes WHERE id = $1 FOR UPDATE',
  ORG_NODE_HAS_CHILD: 'SELECT 1 FROM org_nodes WHERE parent_id = $1 LIMIT 1',
  ORG_NODE_HAS_COUNCIL: 'SELECT 1 FROM compounds WHERE org_node_id = $1 LIMIT 1',
  DELETE_ORG_NODE: 'DELETE FROM org_nodes WHERE id = $1',
  DELETE_ORG_NODE_STAFF: 'DELETE FROM org_staff WHERE node_id = $1',
  SET_COUNCIL_ORG_NODE: 'UPDATE compounds SET org_node_id = $1 WHERE id = $2',
  PLACED_COUNCILS: 'SELECT id, org_node_id FROM compounds WHERE org_node_id IS NOT NULL',
  ORG_STAFF_OF_USER: 'SELECT * FROM org_staff WHERE user_id = $1',
  ORG_STAFF_OF_NODE: `SELECT s.*, u.name, u.phone FROM org_staff s JOIN users u ON u.id = s.user_id
  WHERE s.node_id = $1 ORDER BY u.name`,
  ADD_ORG_STAFF: 'INSERT INTO org_staff (user_id, node_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
  REMOVE_ORG_STAFF: 'DELETE FROM org_staff WHERE user_id = $1 AND node_id = $2 AND role = $3',
  INSERT_AUDIT: 'INSERT INTO audit_log (at, user_id, action, target, detail) VALUES ($1, $2, $3, $4, $5)',
  param: (n) => `$${n}`,
}

export interface PostgresAccountStoreOptions {
  connectionString: string
  schema?: string
  poolSize?: number
  onError?: (e: Error) => void
}

/** Every statement waits for the migrations; a transaction runs on one pooled connection. */
function pgAccountDb(pool: pg.Pool, ready: Promise<void>): AccountDb {
  return {
    async query<R>(sql: string, args: readonly unknown[] = []) {
      await ready
      return (await pool.query(sql, [...args])).rows as R[]
    },
    async transaction(body) {
      await ready
      return withTransaction(pool, (c) =>
        body(async <R>(sql: string, args: readonly unknown[] = []) => (await c.query(sql, [...args])).rows as R[]),
      )
    },
    async close() {
      await ready.catch(() => {})
      await pool.end()
    },
  }
}

export class PostgresAccountStore extends SqlAccountStore {
  /** Resolves once the account tables are migrated (every call waits for it). */
  readonly ready: Promise<void>

  constructor(opts: PostgresAccountStoreOptions) {
    const schema = opts.schema ?? 'public'
    const pool = createPgPool(opts.connectionString, schema, opts.poolSize ?? 5)
    pool.on('error', (e) => opts.onError?.(e))
    const ready = migratePostgres(pool, schema, ACCOUNT_MIGRATIONS)
    ready.catch(() => {}) // surfaced by the first call (and by app start-up, which awaits it)
    super(SQL, pgAccountDb(pool, ready))
    this.ready = ready
  }
}
