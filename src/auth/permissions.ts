/**
 * What the signed-in person may do in one council, for hiding UI the server would refuse anyway.
 * The server stays the authority (src/domain/access/policy.ts is shared with it).
 */
import { effectiveRule, type DocType, type Level, type Role } from '../domain/access/policy'
import { mayManage, maySeePhone } from '../domain/access/councilPermissions'
import { orgRolesAt } from '../domain/org/tree'
import type { Membership, Scope, Session } from './types'

export interface CouncilAccess {
  roles: Role[]
  memberships: Membership[]
  isAdmin: boolean
  canManage: boolean
  level(docType: DocType): Level
  canRead(docType: DocType): boolean
  /** May ask the server for this household's full phone number (it audits each view). */
  canViewPhone(householdId: string): boolean
}

export function councilAccess(session: Session | null, councilId: string): CouncilAccess {
  const memberships = session?.memberships.filter((m) => m.councilId === councilId) ?? []
  const isAdmin = session?.user.isAdmin ?? false
  const council = session?.councils.find((c) => c.id === councilId)
  // Org staff: the roles their nodes give over this council, as the server derives them.
  const orgRoles =
    session?.orgStaff?.length && council?.orgNodeId
      ? orgRolesAt(session.orgNodes ?? [], session.orgStaff, council.orgNodeId)
      : []
  const roles: Role[] = [...new Set([...memberships.map((m) => m.role), ...orgRoles])]
  const effective: Role[] = isAdmin ? [...roles, 'admin'] : roles
  const level = (t: DocType): Level => effectiveRule(effective, t).level
  return {
    roles,
    memberships,
    isAdmin,
    canManage: mayManage(isAdmin, memberships),
    level,
    canRead: (t) => level(t) !== 'none',
    canViewPhone: (hid) => maySeePhone(isAdmin, memberships, hid),
  }
}

export function scopeIsEmpty(s: Scope): boolean {
  return !s.buildings?.length && !s.units?.length && !s.households?.length
}
