/**
 * AccountStore on PostgreSQL (YISHI_STORAGE=postgres), so several server processes — also on
 * several hosts — share users, memberships, refresh tokens and the audit log. Same tables and
 * column names as SqliteAccountStore (ACCOUNT_MIGRATIONS in ./pgMigrations.ts).
 */
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { OrgRole, Role } from '../../src/domain/access/policy'
import type {
  AccountStore,
  AuditEntry,
  Compound,
  Invitation,
  LoginLock,
  Membership,
  OrgNode,
  OrgNodeDeleteRefusal,
  RefreshTake,
} from './AccountStore'
import { createPgPool, migratePostgres, withTransaction } from '../storage/postgres'
import { ACCOUNT_MIGRATIONS } from './pgMigrations'
import {
  INVALID,
  councilsInSubtree,
  toOrgNode,
  toOrgStaff,
  type OrgNodeRow,
  type OrgStaffRow,
  toCompound,
  toInvitation,
  toLoginLock,
  toMembership,
  toUser,
  type CompoundRow,
  type InvitationRow,
  type LoginLockRow,
  type MembershipRow,
  type RefreshRow,
  type UserRow,
} from './rows'

const COUNT_ADMINS = 'SELECT COUNT(*)::int AS n FROM users WHERE is_admin = 1 AND password_hash IS NOT NULL'
const INSERT_USER = `INSERT INTO users (id, phone, name, password_hash, invite_code_hash, is_admin, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`
const USER_BY_PHONE = 'SELECT * FROM users WHERE phone = $1'
const USER_BY_ID = 'SELECT * FROM users WHERE id = $1'
const SET_PASSWORD = 'UPDATE users SET password_hash = $1, invite_code_hash = NULL WHERE id = $2'
const SET_INVITE = 'UPDATE users SET invite_code_hash = $1 WHERE id = $2'
const INSERT_COMPOUND = `INSERT INTO compounds (id, name, address, grid, created_at, created_by, org_node_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`
const COMPOUND = 'SELECT * FROM compounds WHERE id = $1'
const COMPOUNDS = 'SELECT * FROM compounds ORDER BY created_at'
const UPSERT_MEMBERSHIP = `INSERT INTO memberships (user_id, council_id, role, scope) VALUES ($1, $2, $3, $4)
  ON CONFLICT (user_id, council_id, role) DO UPDATE SET scope = excluded.scope`
const DELETE_MEMBERSHIP = 'DELETE FROM memberships WHERE user_id = $1 AND council_id = $2 AND role = $3'
const MEMBERSHIPS_OF_USER = 'SELECT * FROM memberships WHERE user_id = $1'
const MEMBERS_OF_COUNCIL = `SELECT m.*, u.name, u.phone FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.council_id = $1 ORDER BY u.name`
const PUT_REFRESH = 'INSERT INTO refresh_tokens (hash, user_id, expires_at, family) VALUES ($1, $2, $3, $4)'
const PRUNE_REFRESH = 'DELETE FROM refresh_tokens WHERE expires_at < $1'
const TAKE_REFRESH = `UPDATE refresh_tokens SET used_at = $1 WHERE hash = $2 AND used_at IS NULL
  RETURNING user_id, expires_at, COALESCE(family, hash) AS family`
const FIND_REFRESH = 'SELECT user_id, expires_at, COALESCE(family, hash) AS family FROM refresh_tokens WHERE hash = $1'
const REVOKE_FAMILY = 'DELETE FROM refresh_tokens WHERE COALESCE(family, hash) = $1 RETURNING used_at'
const REVOKE_USER_TOKENS = 'DELETE FROM refresh_tokens WHERE user_id = $1'
const PUT_INVITATION = `INSERT INTO invitations (user_id, council_id, code_hash, grants, created_by, created_at)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, council_id) DO UPDATE SET code_hash = excluded.code_hash,
  grants = excluded.grants, created_by = excluded.created_by, created_at = excluded.created_at`
const INVITATIONS_OF_USER = 'SELECT * FROM invitations WHERE user_id = $1'
const INVITATIONS_OF_COUNCIL = `SELECT i.*, u.name, u.phone FROM invitations i JOIN users u ON u.id = i.user_id
  WHERE i.council_id = $1 ORDER BY u.name`
const DELETE_INVITATION = 'DELETE FROM invitations WHERE user_id = $1 AND council_id = $2'
const BLOB_USAGE = 'SELECT bytes FROM blob_usage WHERE user_id = $1 AND day = $2'
const ADD_BLOB_USAGE = `INSERT INTO blob_usage (user_id, day, bytes) VALUES ($1, $2, $3)
  ON CONFLICT (user_id, day) DO UPDATE SET bytes = blob_usage.bytes + excluded.bytes`
const LOGIN_LOCK = 'SELECT * FROM login_locks WHERE key = $1'
const PUT_LOGIN_LOCK = `INSERT INTO login_locks (key, failures, level, locked_until) VALUES ($1, $2, $3, $4)
  ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, level = excluded.level,
  locked_until = excluded.locked_until`
const DELETE_LOGIN_LOCK = 'DELETE FROM login_locks WHERE key = $1'
const PUT_PHONE = `INSERT INTO household_phones (council_id, household_id, phone) VALUES ($1, $2, $3)
  ON CONFLICT (council_id, household_id) DO UPDATE SET phone = excluded.phone`
const PHONE = 'SELECT phone FROM household_phones WHERE council_id = $1 AND household_id = $2'
const ORG_NODES = 'SELECT * FROM org_nodes'
const UPSERT_ORG_NODE = `INSERT INTO org_nodes (id, kind, name, parent_id) VALUES ($1, $2, $3, $4)
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent_id = excluded.parent_id`
const LOCK_ORG_NODE = 'SELECT 1 FROM org_nodes WHERE id = $1 FOR UPDATE'
const ORG_NODE_HAS_CHILD = 'SELECT 1 FROM org_nodes WHERE parent_id = $1 LIMIT 1'
const ORG_NODE_HAS_COUNCIL = 'SELECT 1 FROM compounds WHERE org_node_id = $1 LIMIT 1'
const DELETE_ORG_NODE = 'DELETE FROM org_nodes WHERE id = $1'
const DELETE_ORG_NODE_STAFF = 'DELETE FROM org_staff WHERE node_id = $1'
const SET_COUNCIL_ORG_NODE = 'UPDATE compounds SET org_node_id = $1 WHERE id = $2'
const PLACED_COUNCILS = 'SELECT id, org_node_id FROM compounds WHERE org_node_id IS NOT NULL'
const ORG_STAFF_OF_USER = 'SELECT * FROM org_staff WHERE user_id = $1'
const ORG_STAFF_OF_NODE = `SELECT s.*, u.name, u.phone FROM org_staff s JOIN users u ON u.id = s.user_id
  WHERE s.node_id = $1 ORDER BY u.name`
const ADD_ORG_STAFF = 'INSERT INTO org_staff (user_id, node_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING'
const REMOVE_ORG_STAFF = 'DELETE FROM org_staff WHERE user_id = $1 AND node_id = $2 AND role = $3'
const INSERT_AUDIT = 'INSERT INTO audit_log (at, user_id, action, target, detail) VALUES ($1, $2, $3, $4, $5)'

export interface PostgresAccountStoreOptions {
  connectionString: string
  schema?: string
  poolSize?: number
  onError?: (e: Error) => void
}

export class PostgresAccountStore implements AccountStore {
  private readonly pool: pg.Pool
  readonly ready: Promise<void>

  constructor(opts: PostgresAccountStoreOptions) {
    const schema = opts.schema ?? 'public'
    this.pool = createPgPool(opts.connectionString, schema, opts.poolSize ?? 5)
    this.pool.on('error', (e) => opts.onError?.(e))
    this.ready = migratePostgres(this.pool, schema, ACCOUNT_MIGRATIONS)
    this.ready.catch(() => {})
  }

  private async q<R extends pg.QueryResultRow>(sql: string, args: unknown[] = []): Promise<R[]> {
    await this.ready
    return (await this.pool.query<R>(sql, args)).rows
  }

  async countAdmins() {
    return (await this.q<{ n: number }>(COUNT_ADMINS))[0]!.n
  }

  async createUser(u: {
    phone: string
    name: string
    passwordHash: string | null
    isAdmin: boolean
    inviteCodeHash?: string | null
  }) {
    const id = `u_${randomUUID().replaceAll('-', '').slice(0, 16)}`
    const rows = await this.q<UserRow>(INSERT_USER, [
      id,
      u.phone,
      u.name,
      u.passwordHash,
      u.inviteCodeHash ?? null,
      u.isAdmin ? 1 : 0,
      Date.now(),
    ])
    return toUser(rows[0]!)
  }

  async userByPhone(phone: string) {
    const r = (await this.q<UserRow>(USER_BY_PHONE, [phone]))[0]
    return r ? { ...toUser(r), passwordHash: r.password_hash, inviteCodeHash: r.invite_code_hash } : null
  }

  async userById(id: string) {
    const r = (await this.q<UserRow>(USER_BY_ID, [id]))[0]
    return r ? toUser(r) : null
  }

  async setPassword(userId: string, passwordHash: string) {
    await this.q(SET_PASSWORD, [passwordHash, userId])
  }

  async setInviteCode(userId: string, inviteCodeHash: string | null) {
    await this.q(SET_INVITE, [inviteCodeHash, userId])
  }

  async createCompound(c: Omit<Compound, 'id' | 'createdAt' | 'orgNodeId'> & { orgNodeId?: string | null }) {
    const row: Compound = {
      ...c,
      id: `c${randomUUID().replaceAll('-', '').slice(0, 12)}`,
      createdAt: Date.now(),
      orgNodeId: c.orgNodeId ?? null,
    }
    await this.q(INSERT_COMPOUND, [
      row.id,
      row.name,
      row.address,
      row.grid,
      row.createdAt,
      row.createdBy,
      row.orgNodeId,
    ])
    return row
  }

  async compound(id: string) {
    const r = (await this.q<CompoundRow>(COMPOUND, [id]))[0]
    return r ? toCompound(r) : null
  }

  async compounds() {
    return (await this.q<CompoundRow>(COMPOUNDS)).map(toCompound)
  }

  async addMembership(m: Membership) {
    await this.q(UPSERT_MEMBERSHIP, [m.userId, m.councilId, m.role, JSON.stringify(m.scope)])
  }

  async removeMembership(userId: string, councilId: string, role: Role) {
    await this.q(DELETE_MEMBERSHIP, [userId, councilId, role])
  }

  async membershipsOfUser(userId: string) {
    return (await this.q<MembershipRow>(MEMBERSHIPS_OF_USER, [userId])).map(toMembership)
  }

  async membersOfCouncil(councilId: string) {
    const rows = await this.q<MembershipRow & { name: string; phone: string }>(MEMBERS_OF_COUNCIL, [councilId])
    return rows.map((r) => ({ ...toMembership(r), name: r.name, phone: r.phone }))
  }

  async listOrgNodes() {
    return (await this.q<OrgNodeRow>(ORG_NODES)).map(toOrgNode)
  }

  async upsertOrgNodes(nodes: readonly OrgNode[]) {
    await this.tx(async (c) => {
      for (const n of nodes) await c.query(UPSERT_ORG_NODE, [n.id, n.kind, n.name, n.parentId])
    })
  }

  async deleteOrgNode(id: string) {
    return this.tx(async (c): Promise<OrgNodeDeleteRefusal | null> => {
      if (!(await c.query(LOCK_ORG_NODE, [id])).rowCount) return 'not-found'
      if ((await c.query(ORG_NODE_HAS_CHILD, [id])).rowCount) return 'has-children'
      if ((await c.query(ORG_NODE_HAS_COUNCIL, [id])).rowCount) return 'has-councils'
      await c.query(DELETE_ORG_NODE_STAFF, [id])
      await c.query(DELETE_ORG_NODE, [id])
      return null
    })
  }

  async setCouncilOrgNode(councilId: string, nodeId: string | null) {
    await this.q(SET_COUNCIL_ORG_NODE, [nodeId, councilId])
  }

  async councilsUnder(nodeId: string) {
    const placed = await this.q<{ id: string; org_node_id: string | null }>(PLACED_COUNCILS)
    return councilsInSubtree(await this.listOrgNodes(), placed, nodeId)
  }

  async orgStaffOfUser(userId: string) {
    return (await this.q<OrgStaffRow>(ORG_STAFF_OF_USER, [userId])).map(toOrgStaff)
  }

  async orgStaffOfNode(nodeId: string) {
    const rows = await this.q<OrgStaffRow & { name: string; phone: string }>(ORG_STAFF_OF_NODE, [nodeId])
    return rows.map((r) => ({ ...toOrgStaff(r), name: r.name, phone: r.phone }))
  }

  async addOrgStaff(userId: string, nodeId: string, role: OrgRole) {
    await this.q(ADD_ORG_STAFF, [userId, nodeId, role])
  }

  async removeOrgStaff(userId: string, nodeId: string, role: OrgRole) {
    await this.q(REMOVE_ORG_STAFF, [userId, nodeId, role])
  }

  /** Runs `body` in one transaction on one pooled connection. */
  private async tx<T>(body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.ready
    return withTransaction(this.pool, body)
  }

  async putInvitation(inv: Invitation) {
    await this.q(PUT_INVITATION, [
      inv.userId,
      inv.councilId,
      inv.codeHash,
      JSON.stringify(inv.grants),
      inv.createdBy,
      inv.createdAt,
    ])
  }

  async invitationsOfUser(userId: string) {
    return (await this.q<InvitationRow>(INVITATIONS_OF_USER, [userId])).map(toInvitation)
  }

  async invitationsOfCouncil(councilId: string) {
    const rows = await this.q<InvitationRow & { name: string; phone: string }>(INVITATIONS_OF_COUNCIL, [councilId])
    return rows.map((r) => ({ ...toInvitation(r), name: r.name, phone: r.phone }))
  }

  async deleteInvitation(userId: string, councilId: string) {
    await this.q(DELETE_INVITATION, [userId, councilId])
  }

  async putRefreshToken(hash: string, userId: string, expiresAt: number, family: string) {
    await this.q(PRUNE_REFRESH, [Date.now()])
    await this.q(PUT_REFRESH, [hash, userId, expiresAt, family])
  }

  async takeRefreshToken(hash: string, now: number): Promise<RefreshTake> {
    // UPDATE … WHERE used_at IS NULL is atomic: of two processes racing with one token, only one gets it.
    const fresh = (await this.q<RefreshRow>(TAKE_REFRESH, [now, hash]))[0]
    if (fresh) return fresh.expires_at > now ? { kind: 'ok', userId: fresh.user_id, family: fresh.family } : INVALID
    const used = (await this.q<RefreshRow>(FIND_REFRESH, [hash]))[0]
    return used && used.expires_at > now ? { kind: 'reused', userId: used.user_id, family: used.family } : INVALID
  }

  async revokeRefreshFamily(family: string) {
    const rows = await this.q<{ used_at: number | null }>(REVOKE_FAMILY, [family])
    return rows.filter((r) => r.used_at === null).length
  }

  async revokeUserRefreshTokens(userId: string) {
    await this.q(REVOKE_USER_TOKENS, [userId])
  }

  async blobUsage(userId: string, day: string) {
    return (await this.q<{ bytes: number }>(BLOB_USAGE, [userId, day]))[0]?.bytes ?? 0
  }

  async addBlobUsage(userId: string, day: string, bytes: number) {
    await this.q(ADD_BLOB_USAGE, [userId, day, bytes])
  }

  async loginLock(key: string) {
    const r = (await this.q<LoginLockRow>(LOGIN_LOCK, [key]))[0]
    return r ? toLoginLock(r) : null
  }

  async putLoginLock(key: string, lock: LoginLock | null) {
    if (lock) await this.q(PUT_LOGIN_LOCK, [key, lock.failures, lock.level, lock.lockedUntil])
    else await this.q(DELETE_LOGIN_LOCK, [key])
  }

  async putPhones(councilId: string, phones: Array<{ householdId: string; phone: string }>) {
    await this.tx(async (c) => {
      for (const p of phones) await c.query(PUT_PHONE, [councilId, p.householdId, p.phone])
    })
  }

  async phone(councilId: string, householdId: string) {
    return (await this.q<{ phone: string }>(PHONE, [councilId, householdId]))[0]?.phone ?? null
  }

  async audit(e: AuditEntry) {
    await this.q(INSERT_AUDIT, [e.at, e.userId, e.action, e.target, e.detail ? JSON.stringify(e.detail) : null])
  }

  async auditLog(filter: { targetPrefix?: string; action?: string; limit?: number }) {
    const where: string[] = []
    const args: unknown[] = []
    if (filter.targetPrefix) {
      args.push(filter.targetPrefix, `${filter.targetPrefix}/%`)
      where.push(`(target = $${args.length - 1} OR target LIKE $${args.length})`)
    }
    if (filter.action) {
      args.push(filter.action)
      where.push(`action = $${args.length}`)
    }
    args.push(filter.limit ?? 500)
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${args.length}`
    const rows = await this.q<{ at: number; user_id: string; action: string; target: string; detail: string | null }>(
      sql,
      args,
    )
    return rows.map((r) => ({
      at: r.at,
      userId: r.user_id,
      action: r.action,
      target: r.target,
      ...(r.detail ? { detail: JSON.parse(r.detail) as Record<string, unknown> } : {}),
    }))
  }

  async close() {
    await this.ready.catch(() => {})
    await this.pool.end()
  }
}
