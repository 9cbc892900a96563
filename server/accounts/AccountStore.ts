/**
 * Accounts, compounds/councils, memberships, refresh tokens, household phones and the audit log:
 * the relational data the server needs to decide access. Documents themselves live in DocStore.
 * Async interface so a PostgreSQL implementation can stand beside the SQLite one.
 */
import type { Membership, Scope } from '../../src/domain/access/membership'
import type { OrgRole, Role } from '../../src/domain/access/policy'
import type { OrgNode, OrgStaff } from '../../src/domain/org/schema'

export type { OrgNode, OrgStaff }

export type { Membership, Scope } from '../../src/domain/access/membership'

export interface User {
  id: string
  phone: string
  name: string
  isAdmin: boolean
  /** false until the invited person sets a password with their invite code */
  active: boolean
  createdAt: number
}

export interface Compound {
  id: string // the council of a compound shares its id
  name: string
  address: string
  grid: string
  createdAt: number
  createdBy: string
  /** The community (org tree) this council belongs to; null = not placed in the tree. */
  orgNodeId: string | null
}

/** Why deleteOrgNode refused (null: deleted). */
export type OrgNodeDeleteRefusal = 'not-found' | 'has-children' | 'has-councils'

export interface AuditEntry {
  at: number
  userId: string
  action: string
  target: string
  detail?: Record<string, unknown>
}

/** A pending invitation of one person to one council: its code grants only this council's roles. */
export interface Invitation {
  userId: string
  councilId: string
  codeHash: string
  grants: Array<{ role: Role; scope: Scope }>
  createdBy: string
  createdAt: number
}

/** Outcome of spending a refresh token: fresh, reused (already rotated: a copy is loose), or unknown/expired. */
export type RefreshTake =
  | { kind: 'ok'; userId: string; family: string }
  | { kind: 'reused'; userId: string; family: string }
  | { kind: 'invalid' }

/** Failed-login state of one phone (also kept for unknown phones, so lockout reveals nothing). */
export interface LoginLock {
  failures: number
  /** How many lockouts in a row without a successful login: each one lasts longer. */
  level: number
  lockedUntil: number
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

  createCompound(c: Omit<Compound, 'id' | 'createdAt' | 'orgNodeId'> & { orgNodeId?: string | null }): Promise<Compound>
  compound(id: string): Promise<Compound | null>
  compounds(): Promise<Compound[]>

  addMembership(m: Membership): Promise<void>
  removeMembership(userId: string, councilId: string, role: Role): Promise<void>
  membershipsOfUser(userId: string): Promise<Membership[]>
  membersOfCouncil(councilId: string): Promise<Array<Membership & { name: string; phone: string }>>

  /** The organisation tree (src/domain/org/): every node, in no particular order. */
  listOrgNodes(): Promise<OrgNode[]>
  /** Inserts or updates nodes by id, all in one transaction (callers validate the whole tree first). */
  upsertOrgNodes(nodes: readonly OrgNode[]): Promise<void>
  /** Deletes a node and its staff entries; refuses while it has child nodes or councils. */
  deleteOrgNode(id: string): Promise<OrgNodeDeleteRefusal | null>
  /** Places a council under a community (null: takes it out of the tree). */
  setCouncilOrgNode(councilId: string, nodeId: string | null): Promise<void>
  /** Ids of every council in the subtree of `nodeId` (the node itself and everything below it). */
  councilsUnder(nodeId: string): Promise<string[]>
  orgStaffOfUser(userId: string): Promise<OrgStaff[]>
  orgStaffOfNode(nodeId: string): Promise<Array<OrgStaff & { name: string; phone: string }>>
  addOrgStaff(userId: string, nodeId: string, role: OrgRole): Promise<void>
  removeOrgStaff(userId: string, nodeId: string, role: OrgRole): Promise<void>

  /** Pending invitations: one per (person, council), replaced when the inviter resets it. */
  putInvitation(inv: Invitation): Promise<void>
  invitationsOfUser(userId: string): Promise<Invitation[]>
  invitationsOfCouncil(councilId: string): Promise<Array<Invitation & { name: string; phone: string }>>
  deleteInvitation(userId: string, councilId: string): Promise<void>

  /** `family`: every token rotated from one login shares it, so a reuse can revoke them all. */
  putRefreshToken(hash: string, userId: string, expiresAt: number, family: string): Promise<void>
  /** Marks the token used and returns its user (rotation: each refresh token works once). */
  takeRefreshToken(hash: string, now: number): Promise<RefreshTake>
  /** Deletes every token of a family (reuse detected, logout); returns how many were live. */
  revokeRefreshFamily(family: string): Promise<number>
  /** Deletes every refresh token of a user (removed from all councils, unlocked by an admin). */
  revokeUserRefreshTokens(userId: string): Promise<void>

  /** Bytes of new photos a person stored on `day` (YYYY-MM-DD, UTC): the per-user upload quota. */
  blobUsage(userId: string, day: string): Promise<number>
  addBlobUsage(userId: string, day: string, bytes: number): Promise<void>

  loginLock(key: string): Promise<LoginLock | null>
  putLoginLock(key: string, lock: LoginLock | null): Promise<void>

  putPhones(councilId: string, phones: Array<{ householdId: string; phone: string }>): Promise<void>
  phone(councilId: string, householdId: string): Promise<string | null>

  audit(e: AuditEntry): Promise<void>
  auditLog(filter: { targetPrefix?: string; action?: string; limit?: number }): Promise<AuditEntry[]>
  close(): Promise<void>
}
