/**
 * Accounts, compounds/councils, memberships, refresh tokens, household phones and the audit log:
 * the relational data the server needs to decide access. Documents themselves live in DocStore.
 * Async interface so a PostgreSQL implementation can stand beside the SQLite one.
 */
import type { Role } from '../../src/domain/access/policy'

export interface User {
  id: string
  phone: string
  name: string
  isAdmin: boolean
  /** false until the invited person sets a password with their invite code */
  active: boolean
  createdAt: number
}

export interface Scope {
  buildings?: string[]
  units?: string[] // "building-unit", e.g. "3-2"
  households?: string[]
}

export interface Membership {
  userId: string
  councilId: string
  role: Role
  scope: Scope
}

export interface Compound {
  id: string // the council of a compound shares its id
  name: string
  address: string
  grid: string
  createdAt: number
  createdBy: string
}

export interface AuditEntry {
  at: number
  userId: string
  action: string
  target: string
  detail?: Record<string, unknown>
}

export interface AccountStore {
  countAdmins(): Promise<number>
  createUser(u: {
    phone: string
    name: string
    passwordHash: string | null
    isAdmin: boolean
    inviteCodeHash?: string | null
  }): Promise<User>
  userByPhone(phone: string): Promise<(User & { passwordHash: string | null; inviteCodeHash: string | null }) | null>
  userById(id: string): Promise<User | null>
  setPassword(userId: string, passwordHash: string): Promise<void>
  setInviteCode(userId: string, inviteCodeHash: string | null): Promise<void>

  createCompound(c: Omit<Compound, 'id' | 'createdAt'>): Promise<Compound>
  compound(id: string): Promise<Compound | null>
  compounds(): Promise<Compound[]>

  addMembership(m: Membership): Promise<void>
  removeMembership(userId: string, councilId: string, role: Role): Promise<void>
  membershipsOfUser(userId: string): Promise<Membership[]>
  membersOfCouncil(councilId: string): Promise<Array<Membership & { name: string; phone: string }>>

  putRefreshToken(hash: string, userId: string, expiresAt: number): Promise<void>
  /** Deletes and returns the token's user when valid (rotation: each refresh token works once). */
  takeRefreshToken(hash: string, now: number): Promise<string | null>

  putPhones(councilId: string, phones: Array<{ householdId: string; phone: string }>): Promise<void>
  phone(councilId: string, householdId: string): Promise<string | null>

  audit(e: AuditEntry): Promise<void>
  auditLog(filter: { targetPrefix?: string; action?: string; limit?: number }): Promise<AuditEntry[]>
  close(): Promise<void>
}
