/** Row shapes of the account tables and their mapping to domain records, shared by both stores. */
import type { Role } from '../../src/domain/access/policy'
import { subtreeIds } from '../../src/domain/org/tree'
import type {
  Compound,
  Invitation,
  LoginLock,
  Membership,
  OrgNode,
  OrgStaff,
  RefreshTake,
  Scope,
  User,
} from './AccountStore'

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
  org_node_id: string | null
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
  orgNodeId: r.org_node_id ?? null,
})
export interface OrgNodeRow {
  id: string
  kind: string
  name: string
  parent_id: string | null
}
export const toOrgNode = (r: OrgNodeRow): OrgNode => ({
  id: r.id,
  kind: r.kind as OrgNode['kind'],
  name: r.name,
  parentId: r.parent_id,
})
export interface OrgStaffRow {
  user_id: string
  node_id: string
  role: string
}
export const toOrgStaff = (r: OrgStaffRow): OrgStaff => ({
  userId: r.user_id,
  nodeId: r.node_id,
  role: r.role as OrgStaff['role'],
})
/** Councils in the subtree of `nodeId`, from every node and every placed council. */
export function councilsInSubtree(
  nodes: readonly OrgNode[],
  placed: ReadonlyArray<{ id: string; org_node_id: string | null }>,
  nodeId: string,
): string[] {
  const under = subtreeIds(nodes, nodeId)
  return placed.filter((c) => c.org_node_id !== null && under.has(c.org_node_id)).map((c) => c.id)
}
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
