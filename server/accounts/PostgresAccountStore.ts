/**
 * AccountStore on PostgreSQL (YISHI_STORAGE=postgres), so several server processes — also on
 * several hosts — share users, memberships, refresh tokens and the audit log. Same tables and
 * column names as SqliteAccountStore (migration 2 in PostgresDocStore.MIGRATIONS).
 */
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { Role } from '../../src/domain/access/policy'
import type { AccountStore, AuditEntry, Compound, Membership } from './AccountStore'
import { createPgPool, migratePostgres } from '../storage/PostgresDocStore'
import { toCompound, toMembership, toUser, type CompoundRow, type MembershipRow, type UserRow } from './rows'

const COUNT_ADMINS = 'SELECT COUNT(*)::int AS n FROM users WHERE is_admin = 1 AND password_hash IS NOT NULL'
const INSERT_USER = `INSERT INTO users (id, phone, name, password_hash, invite_code_hash, is_admin, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`
const USER_BY_PHONE = 'SELECT * FROM users WHERE phone = $1'
const USER_BY_ID = 'SELECT * FROM users WHERE id = $1'
const SET_PASSWORD = 'UPDATE users SET password_hash = $1, invite_code_hash = NULL WHERE id = $2'
const SET_INVITE = 'UPDATE users SET invite_code_hash = $1 WHERE id = $2'
const INSERT_COMPOUND = `INSERT INTO compounds (id, name, address, grid, created_at, created_by)
  VALUES ($1, $2, $3, $4, $5, $6)`
const COMPOUND = 'SELECT * FROM compounds WHERE id = $1'
const COMPOUNDS = 'SELECT * FROM compounds ORDER BY created_at'
const UPSERT_MEMBERSHIP = `INSERT INTO memberships (user_id, council_id, role, scope) VALUES ($1, $2, $3, $4)
  ON CONFLICT (user_id, council_id, role) DO UPDATE SET scope = excluded.scope`
const DELETE_MEMBERSHIP = 'DELETE FROM memberships WHERE user_id = $1 AND council_id = $2 AND role = $3'
const MEMBERSHIPS_OF_USER = 'SELECT * FROM memberships WHERE user_id = $1'
const MEMBERS_OF_COUNCIL = `SELECT m.*, u.name, u.phone FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.council_id = $1 ORDER BY u.name`
const PUT_REFRESH = 'INSERT INTO refresh_tokens (hash, user_id, expires_at) VALUES ($1, $2, $3)'
const TAKE_REFRESH = 'DELETE FROM refresh_tokens WHERE hash = $1 RETURNING user_id, expires_at'
const PUT_PHONE = `INSERT INTO household_phones (council_id, household_id, phone) VALUES ($1, $2, $3)
  ON CONFLICT (council_id, household_id) DO UPDATE SET phone = excluded.phone`
const PHONE = 'SELECT phone FROM household_phones WHERE council_id = $1 AND household_id = $2'
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
    this.ready = migratePostgres(this.pool, schema)
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
    const id = 'u_' + randomUUID().replaceAll('-', '').slice(0, 16)
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

  async createCompound(c: Omit<Compound, 'id' | 'createdAt'>) {
    const row = { ...c, id: 'c' + randomUUID().replaceAll('-', '').slice(0, 12), createdAt: Date.now() }
    await this.q(INSERT_COMPOUND, [row.id, row.name, row.address, row.grid, row.createdAt, row.createdBy])
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

  async putRefreshToken(hash: string, userId: string, expiresAt: number) {
    await this.q(PUT_REFRESH, [hash, userId, expiresAt])
  }

  async takeRefreshToken(hash: string, now: number) {
    // DELETE … RETURNING is atomic: of two processes racing with one token, only one gets it.
    const r = (await this.q<{ user_id: string; expires_at: number }>(TAKE_REFRESH, [hash]))[0]
    return r && r.expires_at > now ? r.user_id : null
  }

  async putPhones(councilId: string, phones: Array<{ householdId: string; phone: string }>) {
    await this.ready
    const c = await this.pool.connect()
    try {
      await c.query('BEGIN')
      for (const p of phones) await c.query(PUT_PHONE, [councilId, p.householdId, p.phone])
      await c.query('COMMIT')
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {})
      throw e
    } finally {
      c.release()
    }
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
      args.push(filter.targetPrefix, filter.targetPrefix + '/%')
      where.push(`(target = $${args.length - 1} OR target LIKE $${args.length})`)
    }
    if (filter.action) {
      args.push(filter.action)
      where.push(`action = $${args.length}`)
    }
    args.push(filter.limit ?? 500)
    const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${args.length}`
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
