import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
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
const COUNT_ADMINS = `SELECT COUNT(*) AS n FROM users WHERE is_admin = 1 AND password_hash IS NOT NULL`
const INSERT_USER = `INSERT INTO users (id, phone, name, password_hash, invite_code_hash, is_admin, created_at)
  VALUES (@id, @phone, @name, @passwordHash, @inviteCodeHash, @isAdmin, @createdAt)`
const USER_BY_PHONE = `SELECT * FROM users WHERE phone = ?`
const USER_BY_ID = `SELECT * FROM users WHERE id = ?`
const SET_PASSWORD = `UPDATE users SET password_hash = ?, invite_code_hash = NULL WHERE id = ?`
const SET_INVITE = `UPDATE users SET invite_code_hash = ? WHERE id = ?`
const INSERT_COMPOUND = `INSERT INTO compounds (id, name, address, grid, created_at, created_by, org_node_id)
  VALUES (@id, @name, @address, @grid, @createdAt, @createdBy, @orgNodeId)`
const COMPOUND = `SELECT * FROM compounds WHERE id = ?`
const COMPOUNDS = `SELECT * FROM compounds ORDER BY created_at`
const UPSERT_MEMBERSHIP = `INSERT INTO memberships (user_id, council_id, role, scope) VALUES (?, ?, ?, ?)
  ON CONFLICT (user_id, council_id, role) DO UPDATE SET scope = excluded.scope`
const DELETE_MEMBERSHIP = `DELETE FROM memberships WHERE user_id = ? AND council_id = ? AND role = ?`
const MEMBERSHIPS_OF_USER = `SELECT * FROM memberships WHERE user_id = ?`
const MEMBERS_OF_COUNCIL = `SELECT m.*, u.name, u.phone FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.council_id = ? ORDER BY u.name`
const PUT_REFRESH = `INSERT INTO refresh_tokens (hash, user_id, expires_at, family) VALUES (?, ?, ?, ?)`
const PRUNE_REFRESH = `DELETE FROM refresh_tokens WHERE expires_at < ?`
const TAKE_REFRESH = `UPDATE refresh_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL
  RETURNING user_id, expires_at, COALESCE(family, hash) AS family`
const FIND_REFRESH = `SELECT user_id, expires_at, COALESCE(family, hash) AS family FROM refresh_tokens WHERE hash = ?`
const REVOKE_FAMILY = `DELETE FROM refresh_tokens WHERE COALESCE(family, hash) = ? RETURNING used_at`
const REVOKE_USER_TOKENS = `DELETE FROM refresh_tokens WHERE user_id = ?`
const PUT_INVITATION = `INSERT INTO invitations (user_id, council_id, code_hash, grants, created_by, created_at)
  VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, council_id) DO UPDATE SET code_hash = excluded.code_hash,
  grants = excluded.grants, created_by = excluded.created_by, created_at = excluded.created_at`
const INVITATIONS_OF_USER = `SELECT * FROM invitations WHERE user_id = ?`
const INVITATIONS_OF_COUNCIL = `SELECT i.*, u.name, u.phone FROM invitations i JOIN users u ON u.id = i.user_id
  WHERE i.council_id = ? ORDER BY u.name`
const DELETE_INVITATION = `DELETE FROM invitations WHERE user_id = ? AND council_id = ?`
const BLOB_USAGE = `SELECT bytes FROM blob_usage WHERE user_id = ? AND day = ?`
const ADD_BLOB_USAGE = `INSERT INTO blob_usage (user_id, day, bytes) VALUES (?, ?, ?)
  ON CONFLICT (user_id, day) DO UPDATE SET bytes = bytes + excluded.bytes`
const LOGIN_LOCK = `SELECT * FROM login_locks WHERE key = ?`
const PUT_LOGIN_LOCK = `INSERT INTO login_locks (key, failures, level, locked_until) VALUES (?, ?, ?, ?)
  ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, level = excluded.level,
  locked_until = excluded.locked_until`
const DELETE_LOGIN_LOCK = `DELETE FROM login_locks WHERE key = ?`
const PUT_PHONE = `INSERT INTO household_phones (council_id, household_id, phone) VALUES (?, ?, ?)
  ON CONFLICT (council_id, household_id) DO UPDATE SET phone = excluded.phone`
const PHONE = `SELECT phone FROM household_phones WHERE council_id = ? AND household_id = ?`
const ORG_NODES = 'SELECT * FROM org_nodes'
const UPSERT_ORG_NODE = `INSERT INTO org_nodes (id, kind, name, parent_id) VALUES (?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent_id = excluded.parent_id`
const ORG_NODE_EXISTS = 'SELECT 1 FROM org_nodes WHERE id = ?'
const ORG_NODE_HAS_CHILD = 'SELECT 1 FROM org_nodes WHERE parent_id = ? LIMIT 1'
const ORG_NODE_HAS_COUNCIL = 'SELECT 1 FROM compounds WHERE org_node_id = ? LIMIT 1'
const DELETE_ORG_NODE = 'DELETE FROM org_nodes WHERE id = ?'
const DELETE_ORG_NODE_STAFF = 'DELETE FROM org_staff WHERE node_id = ?'
const SET_COUNCIL_ORG_NODE = 'UPDATE compounds SET org_node_id = ? WHERE id = ?'
const PLACED_COUNCILS = 'SELECT id, org_node_id FROM compounds WHERE org_node_id IS NOT NULL'
const ORG_STAFF_OF_USER = 'SELECT * FROM org_staff WHERE user_id = ?'
const ORG_STAFF_OF_NODE = `SELECT s.*, u.name, u.phone FROM org_staff s JOIN users u ON u.id = s.user_id
  WHERE s.node_id = ? ORDER BY u.name`
const ADD_ORG_STAFF = 'INSERT INTO org_staff (user_id, node_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'
const REMOVE_ORG_STAFF = 'DELETE FROM org_staff WHERE user_id = ? AND node_id = ? AND role = ?'
const INSERT_AUDIT = `INSERT INTO audit_log (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)`

export class SqliteAccountStore implements AccountStore {
  private readonly db: Database.Database

  constructor(dataDir: string, file = 'yishi.sqlite') {
    mkdirSync(dataDir, { recursive: true })
    this.db = new Database(join(dataDir, file))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(SCHEMA)
    // Databases from before refresh-token families: add the columns in place.
    const cols = (this.db.prepare('PRAGMA table_info(refresh_tokens)').all() as Array<{ name: string }>).map(
      (c) => c.name,
    )
    if (!cols.includes('family')) this.db.exec('ALTER TABLE refresh_tokens ADD COLUMN family TEXT')
    if (!cols.includes('used_at')) this.db.exec('ALTER TABLE refresh_tokens ADD COLUMN used_at INTEGER')
    // Databases from before the organisation tree: councils get their (optional) community.
    const compoundCols = (this.db.prepare('PRAGMA table_info(compounds)').all() as Array<{ name: string }>).map(
      (c) => c.name,
    )
    if (!compoundCols.includes('org_node_id')) this.db.exec('ALTER TABLE compounds ADD COLUMN org_node_id TEXT')
  }

  async countAdmins() {
    return (this.db.prepare(COUNT_ADMINS).get() as { n: number }).n
  }

  async createUser(u: {
    phone: string
    name: string
    passwordHash: string | null
    isAdmin: boolean
    inviteCodeHash?: string | null
  }) {
    const row = {
      id: `u_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      phone: u.phone,
      name: u.name,
      passwordHash: u.passwordHash,
      inviteCodeHash: u.inviteCodeHash ?? null,
      isAdmin: u.isAdmin ? 1 : 0,
      createdAt: Date.now(),
    }
    this.db.prepare(INSERT_USER).run(row)
    return toUser(this.db.prepare(USER_BY_ID).get(row.id) as UserRow)
  }

  async userByPhone(phone: string) {
    const r = this.db.prepare(USER_BY_PHONE).get(phone) as UserRow | undefined
    return r ? { ...toUser(r), passwordHash: r.password_hash, inviteCodeHash: r.invite_code_hash } : null
  }

  async userById(id: string) {
    const r = this.db.prepare(USER_BY_ID).get(id) as UserRow | undefined
    return r ? toUser(r) : null
  }

  async setPassword(userId: string, passwordHash: string) {
    this.db.prepare(SET_PASSWORD).run(passwordHash, userId)
  }

  async setInviteCode(userId: string, inviteCodeHash: string | null) {
    this.db.prepare(SET_INVITE).run(inviteCodeHash, userId)
  }

  async createCompound(c: Omit<Compound, 'id' | 'createdAt' | 'orgNodeId'> & { orgNodeId?: string | null }) {
    const row: Compound = {
      ...c,
      id: `c${randomUUID().replaceAll('-', '').slice(0, 12)}`,
      createdAt: Date.now(),
      orgNodeId: c.orgNodeId ?? null,
    }
    this.db.prepare(INSERT_COMPOUND).run(row)
    return row
  }

  async compound(id: string) {
    const r = this.db.prepare(COMPOUND).get(id) as CompoundRow | undefined
    return r ? toCompound(r) : null
  }

  async compounds() {
    return (this.db.prepare(COMPOUNDS).all() as CompoundRow[]).map(toCompound)
  }

  async addMembership(m: Membership) {
    this.db.prepare(UPSERT_MEMBERSHIP).run(m.userId, m.councilId, m.role, JSON.stringify(m.scope))
  }

  async removeMembership(userId: string, councilId: string, role: Role) {
    this.db.prepare(DELETE_MEMBERSHIP).run(userId, councilId, role)
  }

  async membershipsOfUser(userId: string) {
    return (this.db.prepare(MEMBERSHIPS_OF_USER).all(userId) as MembershipRow[]).map(toMembership)
  }

  async membersOfCouncil(councilId: string) {
    const rows = this.db.prepare(MEMBERS_OF_COUNCIL).all(councilId) as Array<
      MembershipRow & { name: string; phone: string }
    >
    return rows.map((r) => ({ ...toMembership(r), name: r.name, phone: r.phone }))
  }

  async listOrgNodes() {
    return (this.db.prepare(ORG_NODES).all() as OrgNodeRow[]).map(toOrgNode)
  }

  async upsertOrgNodes(nodes: readonly OrgNode[]) {
    const put = this.db.prepare(UPSERT_ORG_NODE)
    this.db.transaction(() => {
      for (const n of nodes) put.run(n.id, n.kind, n.name, n.parentId)
    })()
  }

  async deleteOrgNode(id: string) {
    return this.db.transaction((): OrgNodeDeleteRefusal | null => {
      if (!this.db.prepare(ORG_NODE_EXISTS).get(id)) return 'not-found'
      if (this.db.prepare(ORG_NODE_HAS_CHILD).get(id)) return 'has-children'
      if (this.db.prepare(ORG_NODE_HAS_COUNCIL).get(id)) return 'has-councils'
      this.db.prepare(DELETE_ORG_NODE_STAFF).run(id)
      this.db.prepare(DELETE_ORG_NODE).run(id)
      return null
    })()
  }

  async setCouncilOrgNode(councilId: string, nodeId: string | null) {
    this.db.prepare(SET_COUNCIL_ORG_NODE).run(nodeId, councilId)
  }

  async councilsUnder(nodeId: string) {
    const placed = this.db.prepare(PLACED_COUNCILS).all() as Array<{ id: string; org_node_id: string | null }>
    return councilsInSubtree(await this.listOrgNodes(), placed, nodeId)
  }

  async orgStaffOfUser(userId: string) {
    return (this.db.prepare(ORG_STAFF_OF_USER).all(userId) as OrgStaffRow[]).map(toOrgStaff)
  }

  async orgStaffOfNode(nodeId: string) {
    const rows = this.db.prepare(ORG_STAFF_OF_NODE).all(nodeId) as Array<OrgStaffRow & { name: string; phone: string }>
    return rows.map((r) => ({ ...toOrgStaff(r), name: r.name, phone: r.phone }))
  }

  async addOrgStaff(userId: string, nodeId: string, role: OrgRole) {
    this.db.prepare(ADD_ORG_STAFF).run(userId, nodeId, role)
  }

  async removeOrgStaff(userId: string, nodeId: string, role: OrgRole) {
    this.db.prepare(REMOVE_ORG_STAFF).run(userId, nodeId, role)
  }

  async putInvitation(inv: Invitation) {
    this.db
      .prepare(PUT_INVITATION)
      .run(inv.userId, inv.councilId, inv.codeHash, JSON.stringify(inv.grants), inv.createdBy, inv.createdAt)
  }

  async invitationsOfUser(userId: string) {
    return (this.db.prepare(INVITATIONS_OF_USER).all(userId) as InvitationRow[]).map(toInvitation)
  }

  async invitationsOfCouncil(councilId: string) {
    const rows = this.db.prepare(INVITATIONS_OF_COUNCIL).all(councilId) as Array<
      InvitationRow & { name: string; phone: string }
    >
    return rows.map((r) => ({ ...toInvitation(r), name: r.name, phone: r.phone }))
  }

  async deleteInvitation(userId: string, councilId: string) {
    this.db.prepare(DELETE_INVITATION).run(userId, councilId)
  }

  async putRefreshToken(hash: string, userId: string, expiresAt: number, family: string) {
    this.db.prepare(PRUNE_REFRESH).run(Date.now())
    this.db.prepare(PUT_REFRESH).run(hash, userId, expiresAt, family)
  }

  async takeRefreshToken(hash: string, now: number): Promise<RefreshTake> {
    const fresh = this.db.prepare(TAKE_REFRESH).get(now, hash) as RefreshRow | undefined
    if (fresh) return fresh.expires_at > now ? { kind: 'ok', userId: fresh.user_id, family: fresh.family } : INVALID
    const used = this.db.prepare(FIND_REFRESH).get(hash) as RefreshRow | undefined
    return used && used.expires_at > now ? { kind: 'reused', userId: used.user_id, family: used.family } : INVALID
  }

  async revokeRefreshFamily(family: string) {
    const rows = this.db.prepare(REVOKE_FAMILY).all(family) as Array<{ used_at: number | null }>
    return rows.filter((r) => r.used_at === null).length
  }

  async revokeUserRefreshTokens(userId: string) {
    this.db.prepare(REVOKE_USER_TOKENS).run(userId)
  }

  async blobUsage(userId: string, day: string) {
    return (this.db.prepare(BLOB_USAGE).get(userId, day) as { bytes: number } | undefined)?.bytes ?? 0
  }

  async addBlobUsage(userId: string, day: string, bytes: number) {
    this.db.prepare(ADD_BLOB_USAGE).run(userId, day, bytes)
  }

  async loginLock(key: string) {
    const r = this.db.prepare(LOGIN_LOCK).get(key) as LoginLockRow | undefined
    return r ? toLoginLock(r) : null
  }

  async putLoginLock(key: string, lock: LoginLock | null) {
    if (lock) this.db.prepare(PUT_LOGIN_LOCK).run(key, lock.failures, lock.level, lock.lockedUntil)
    else this.db.prepare(DELETE_LOGIN_LOCK).run(key)
  }

  async putPhones(councilId: string, phones: Array<{ householdId: string; phone: string }>) {
    const put = this.db.prepare(PUT_PHONE)
    this.db.transaction(() => {
      for (const p of phones) put.run(councilId, p.householdId, p.phone)
    })()
  }

  async phone(councilId: string, householdId: string) {
    const r = this.db.prepare(PHONE).get(councilId, householdId) as { phone: string } | undefined
    return r?.phone ?? null
  }

  async audit(e: AuditEntry) {
    this.db.prepare(INSERT_AUDIT).run(e.at, e.userId, e.action, e.target, e.detail ? JSON.stringify(e.detail) : null)
  }

  async auditLog(filter: { targetPrefix?: string; action?: string; limit?: number }) {
    const where: string[] = []
    const args: unknown[] = []
    if (filter.targetPrefix) {
      where.push('(target = ? OR target LIKE ?)')
      args.push(filter.targetPrefix, `${filter.targetPrefix}/%`)
    }
    if (filter.action) {
      where.push('action = ?')
      args.push(filter.action)
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
    const rows = this.db.prepare(sql).all(...args, filter.limit ?? 500) as Array<{
      at: number
      user_id: string
      action: string
      target: string
      detail: string | null
    }>
    return rows.map((r) => ({
      at: r.at,
      userId: r.user_id,
      action: r.action,
      target: r.target,
      ...(r.detail ? { detail: JSON.parse(r.detail) as Record<string, unknown> } : {}),
    }))
  }

  async close() {
    this.db.close()
  }
}
