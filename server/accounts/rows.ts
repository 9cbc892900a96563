/** Row shapes of the account tables and their mapping to domain records, shared by both stores. */
import type { Role } from '../../src/domain/access/policy'
import type { Compound, Invitation, LoginLock, Membership, RefreshTake, Scope, User } from './AccountStore'

export interface UserRow {
  id: string
  phone: string
  name: string
  password_hash: string | null
  invite_code_hash: string | null
  is_admin: number
  created_at: number
}
export interface CompoundRow {
  id: string
  name: string
  address: string
  grid: string
  created_at: number
  created_by: string
}
export interface MembershipRow {
  user_id: string
  council_id: string
  role: string
  scope: string
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  phone: r.phone,
  name: r.name,
  isAdmin: r.is_admin === 1,
  active: r.password_hash !== null,
  createdAt: r.created_at,
})
export const toCompound = (r: CompoundRow): Compound => ({
  id: r.id,
  name: r.name,
  address: r.address,
  grid: r.grid,
  createdAt: r.created_at,
  createdBy: r.created_by,
})
export const toMembership = (r: MembershipRow): Membership => ({
  userId: r.user_id,
  councilId: r.council_id,
  role: r.role as Role,
  scope: JSON.parse(r.scope) as Scope,
})
export interface InvitationRow {
  user_id: string
  council_id: string
  code_hash: string
  grants: string
  created_by: string
  created_at: number
}
export interface RefreshRow {
  user_id: string
  expires_at: number
  family: string
}
export interface LoginLockRow {
  key: string
  failures: number
  level: number
  locked_until: number
}
export const INVALID: RefreshTake = { kind: 'invalid' }

export const toInvitation = (r: InvitationRow): Invitation => ({
  userId: r.user_id,
  councilId: r.council_id,
  codeHash: r.code_hash,
  grants: JSON.parse(r.grants) as Invitation['grants'],
  createdBy: r.created_by,
  createdAt: r.created_at,
})
export const toLoginLock = (r: LoginLockRow): LoginLock => ({
  failures: r.failures,
  level: r.level,
  lockedUntil: r.locked_until,
})
