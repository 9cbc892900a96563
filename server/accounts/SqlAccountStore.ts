/**
 * The AccountStore both adapters share: row mapping (./rows.ts), ids, refresh-token rotation, login
 * locks, the audit-log filter. An adapter supplies only its SQL — one statement per name in
 * `AccountSql`, written in its dialect — and an `AccountDb` that runs them.
 */
import { randomUUID } from 'node:crypto'
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
  type CompoundRow,
  councilsInSubtree,
  INVALID,
  type InvitationRow,
  type LoginLockRow,
  type MembershipRow,
  type OrgNodeRow,
  type OrgStaffRow,
  type RefreshRow,
  toCompound,
  toInvitation,
  toLoginLock,
  toMembership,
  toOrgNode,
  toOrgStaff,
  toUser,
  type UserRow,
} from './rows'

/** Runs one statement; returns its rows (none for a write without RETURNING). */
export type AccountQuery = <R>(sql: string, args?: readonly unknown[]) => Promise<R[]>

export interface AccountDb {
  query: AccountQuery
  /** Runs `body` in one transaction: its statements go through the query it is given; any error rolls back. */
  transaction<T>(body: (query: AccountQuery) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * The statements, by name. Argument order is fixed by the calls below; INSERT_USER returns the row;
 * LOCK_ORG_NODE returns a row while the node exists (and holds it until the transaction ends).
 */
export type AccountSql = Record<
  | 'COUNT_ADMINS'
  | 'INSERT_USER'
  | 'USER_BY_PHONE'
  | 'USER_BY_ID'
  | 'SET_PASSWORD'
  | 'SET_INVITE'
  | 'INSERT_COMPOUND'
  | 'COMPOUND'
  | 'COMPOUNDS'
  | 'UPSERT_MEMBERSHIP'
  | 'DELETE_MEMBERSHIP'
  | 'MEMBERSHIPS_OF_USER'
  | 'MEMBERS_OF_COUNCIL'
  | 'PUT_REFRESH'
  | 'PRUNE_REFRESH'
  | 'TAKE_REFRESH'
  | 'FIND_REFRESH'
  | 'REVOKE_FAMILY'
  | 'REVOKE_USER_TOKENS'
  | 'PUT_INVITATION'
  | 'INVITATIONS_OF_USER'
  | 'INVITATIONS_OF_COUNCIL'
  | 'DELETE_INVITATION'
  | 'BLOB_USAGE'
  | 'ADD_BLOB_USAGE'
  | 'LOGIN_LOCK'
  | 'PUT_LOGIN_LOCK'
  | 'DELETE_LOGIN_LOCK'
  | 'PUT_PHONE'
  | 'PHONE'
  | 'ORG_NODES'
  | 'UPSERT_ORG_NODE'
  | 'LOCK_ORG_NODE'
  | 'ORG_NODE_HAS_CHILD'
  | 'ORG_NODE_HAS_COUNCIL'
  | 'DELETE_ORG_NODE'
  | 'DELETE_ORG_NODE_STAFF'
  | 'SET_COUNCIL_ORG_NODE'
  | 'PLACED_COUNCILS'
  | 'ORG_STAFF_OF_USER'
  | 'ORG_STAFF_OF_NODE'
  | 'ADD_ORG_STAFF'
  | 'REMOVE_ORG_STAFF'
  | 'INSERT_AUDIT',
  string
> & {
  /** The placeholder of the n-th argument (1-based) in a statement built at run time. */
  param(n: number): string
}

type Person = { name: string; phone: string }
type AuditRow = { at: number; user_id: string; action: string; target: string; detail: string | null }

const first = <R>(rows: R[]): R | undefined => rows[0]

export class SqlAccountStore implements AccountStore {
  constructor(
    private readonly sql: AccountSql,
    private readonly db: AccountDb,
  ) {}

  private q<R>(sql: string, args: readonly unknown[] = []): Promise<R[]> {
    return this.db.query<R>(sql, args)
  }

  async countAdmins() {
    return first(await this.q<{ n: number }>(this.sql.COUNT_ADMINS))!.n
  }

  async createUser(u: {
    phone: string
    name: string
    passwordHash: string | null
    isAdmin: boolean
    inviteCodeHash?: string | null
  }) {
    const id = `u_${randomUUID().replaceAll('-', '').slice(0, 16)}`
    const args = [id, u.phone, u.name, u.passwordHash, u.inviteCodeHash ?? null, u.isAdmin ? 1 : 0, Date.now()]
    return toUser(first(await this.q<UserRow>(this.sql.INSERT_USER, args))!)
  }

  async userByPhone(phone: string) {
    const r = first(await this.q<UserRow>(this.sql.USER_BY_PHONE, [phone]))
    return r ? { ...toUser(r), passwordHash: r.password_hash, inviteCodeHash: r.invite_code_hash } : null
  }

  async userById(id: string) {
    const r = first(await this.q<UserRow>(this.sql.USER_BY_ID, [id]))
    return r ? toUser(r) : null
  }

  async setPassword(userId: string, passwordHash: string) {
    await this.q(this.sql.SET_PASSWORD, [passwordHash, userId])
  }

  async setInviteCode(userId: string, inviteCodeHash: string | null) {
    await this.q(this.sql.SET_INVITE, [inviteCodeHash, userId])
  }

  async createCompound(c: Omit<Compound, 'id' | 'createdAt' | 'orgNodeId'> & { orgNodeId?: string | null }) {
    const row: Compound = {
      ...c,
      id: `c${randomUUID().replaceAll('-', '').slice(0, 12)}`,
      createdAt: Date.now(),
      orgNodeId: c.orgNodeId ?? null,
    }
    const { id, name, address, grid, createdAt, createdBy, orgNodeId } = row
    await this.q(this.sql.INSERT_COMPOUND, [id, name, address, grid, createdAt, createdBy, orgNodeId])
    return row
  }

  async compound(id: string) {
    const r = first(await this.q<CompoundRow>(this.sql.COMPOUND, [id]))
    return r ? toCompound(r) : null
  }

  async compounds() {
    return (await this.q<CompoundRow>(this.sql.COMPOUNDS)).map(toCompound)
  }

  async addMembership(m: Membership) {
    await this.q(this.sql.UPSERT_MEMBERSHIP, [m.userId, m.councilId, m.role, JSON.stringify(m.scope)])
  }

  async removeMembership(userId: string, councilId: string, role: Role) {
    await this.q(this.sql.DELETE_MEMBERSHIP, [userId, councilId, role])
  }

  async membershipsOfUser(userId: string) {
    return (await this.q<MembershipRow>(this.sql.MEMBERSHIPS_OF_USER, [userId])).map(toMembership)
  }

  async membersOfCouncil(councilId: string) {
    const rows = await this.q<MembershipRow & Person>(this.sql.MEMBERS_OF_COUNCIL, [councilId])
    return rows.map((r) => ({ ...toMembership(r), name: r.name, phone: r.phone }))
  }

  async listOrgNodes() {
    return (await this.q<OrgNodeRow>(this.sql.ORG_NODES)).map(toOrgNode)
  }

  async upsertOrgNodes(nodes: readonly OrgNode[]) {
    await this.db.transaction(async (q) => {
      for (const n of nodes) await q(this.sql.UPSERT_ORG_NODE, [n.id, n.kind, n.name, n.parentId])
    })
  }

  async deleteOrgNode(id: string) {
    return this.db.transaction(async (q): Promise<OrgNodeDeleteRefusal | null> => {
      if (!(await q(this.sql.LOCK_ORG_NODE, [id])).length) return 'not-found'
      if ((await q(this.sql.ORG_NODE_HAS_CHILD, [id])).length) return 'has-children'
      if ((await q(this.sql.ORG_NODE_HAS_COUNCIL, [id])).length) return 'has-councils'
      await q(this.sql.DELETE_ORG_NODE_STAFF, [id])
      await q(this.sql.DELETE_ORG_NODE, [id])
      return null
    })
  }

  async setCouncilOrgNode(councilId: string, nodeId: string | null) {
    await this.q(this.sql.SET_COUNCIL_ORG_NODE, [nodeId, councilId])
  }

  async councilsUnder(nodeId: string) {
    const placed = await this.q<{ id: string; org_node_id: string | null }>(this.sql.PLACED_COUNCILS)
    return councilsInSubtree(await this.listOrgNodes(), placed, nodeId)
  }

  async orgStaffOfUser(userId: string) {
    return (await this.q<OrgStaffRow>(this.sql.ORG_STAFF_OF_USER, [userId])).map(toOrgStaff)
  }

  async orgStaffOfNode(nodeId: string) {
    const rows = await this.q<OrgStaffRow & Person>(this.sql.ORG_STAFF_OF_NODE, [nodeId])
    return rows.map((r) => ({ ...toOrgStaff(r), name: r.name, phone: r.phone }))
  }

  async addOrgStaff(userId: string, nodeId: string, role: OrgRole) {
    await this.q(this.sql.ADD_ORG_STAFF, [userId, nodeId, role])
  }

  async removeOrgStaff(userId: string, nodeId: string, role: OrgRole) {
    await this.q(this.sql.REMOVE_ORG_STAFF, [userId, nodeId, role])
  }

  async putInvitation(inv: Invitation) {
    const grants = JSON.stringify(inv.grants)
    await this.q(this.sql.PUT_INVITATION, [
      inv.userId,
      inv.councilId,
      inv.codeHash,
      grants,
      inv.createdBy,
      inv.createdAt,
    ])
  }

  async invitationsOfUser(userId: string) {
    return (await this.q<InvitationRow>(this.sql.INVITATIONS_OF_USER, [userId])).map(toInvitation)
  }

  async invitationsOfCouncil(councilId: string) {
    const rows = await this.q<InvitationRow & Person>(this.sql.INVITATIONS_OF_COUNCIL, [councilId])
    return rows.map((r) => ({ ...toInvitation(r), name: r.name, phone: r.phone }))
  }

  async deleteInvitation(userId: string, councilId: string) {
    await this.q(this.sql.DELETE_INVITATION, [userId, councilId])
  }

  async putRefreshToken(hash: string, userId: string, expiresAt: number, family: string) {
    await this.q(this.sql.PRUNE_REFRESH, [Date.now()])
    await this.q(this.sql.PUT_REFRESH, [hash, userId, expiresAt, family])
  }

  async takeRefreshToken(hash: string, now: number): Promise<RefreshTake> {
    // UPDATE … WHERE used_at IS NULL is atomic: of two processes racing with one token, only one gets it.
    const fresh = first(await this.q<RefreshRow>(this.sql.TAKE_REFRESH, [now, hash]))
    if (fresh) return fresh.expires_at > now ? { kind: 'ok', userId: fresh.user_id, family: fresh.family } : INVALID
    const used = first(await this.q<RefreshRow>(this.sql.FIND_REFRESH, [hash]))
    return used && used.expires_at > now ? { kind: 'reused', userId: used.user_id, family: used.family } : INVALID
  }

  async revokeRefreshFamily(family: string) {
    const rows = await this.q<{ used_at: number | null }>(this.sql.REVOKE_FAMILY, [family])
    return rows.filter((r) => r.used_at === null).length
  }

  async revokeUserRefreshTokens(userId: string) {
    await this.q(this.sql.REVOKE_USER_TOKENS, [userId])
  }

  async blobUsage(userId: string, day: string) {
    return first(await this.q<{ bytes: number }>(this.sql.BLOB_USAGE, [userId, day]))?.bytes ?? 0
  }

  async addBlobUsage(userId: string, day: string, bytes: number) {
    await this.q(this.sql.ADD_BLOB_USAGE, [userId, day, bytes])
  }

  async loginLock(key: string) {
    const r = first(await this.q<LoginLockRow>(this.sql.LOGIN_LOCK, [key]))
    return r ? toLoginLock(r) : null
  }

  async putLoginLock(key: string, lock: LoginLock | null) {
    if (lock) await this.q(this.sql.PUT_LOGIN_LOCK, [key, lock.failures, lock.level, lock.lockedUntil])
    else await this.q(this.sql.DELETE_LOGIN_LOCK, [key])
  }

  async putPhones(councilId: string, phones: Array<{ householdId: string; phone: string }>) {
    await this.db.transaction(async (q) => {
      for (const p of phones) await q(this.sql.PUT_PHONE, [councilId, p.householdId, p.phone])
    })
  }

  async phone(councilId: string, householdId: string) {
    return first(await this.q<{ phone: string }>(this.sql.PHONE, [councilId, householdId]))?.phone ?? null
  }

  async audit(e: AuditEntry) {
    const detail = e.detail ? JSON.stringify(e.detail) : null
    await this.q(this.sql.INSERT_AUDIT, [e.at, e.userId, e.action, e.target, detail])
  }

  async auditLog(filter: { targetPrefix?: string; action?: string; limit?: number }) {
    const where: string[] = []
    const args: unknown[] = []
    const param = (v: unknown) => this.sql.param(args.push(v))
    if (filter.targetPrefix) {
      where.push(`(target = ${param(filter.targetPrefix)} OR target LIKE ${param(`${filter.targetPrefix}/%`)})`)
    }
    if (filter.action) where.push(`action = ${param(filter.action)}`)
    const limit = param(filter.limit ?? 500)
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`
    return (await this.q<AuditRow>(sql, args)).map((r) => ({
      at: r.at,
      userId: r.user_id,
      action: r.action,
      target: r.target,
      ...(r.detail ? { detail: JSON.parse(r.detail) as Record<string, unknown> } : {}),
    }))
  }

  close() {
    return this.db.close()
  }
}
