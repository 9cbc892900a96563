/**
 * What the signed-in person may do in one council, for hiding UI the server would refuse anyway.
 * The server stays the authority (src/domain/access/policy.ts is shared with it).
 */
import { effectiveRule, type DocType, type Level, type Role } from '../domain/access/policy'
import { mayManage, maySeePhone } from '../domain/access/councilPermissions'
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
  const roles: Role[] = [...new Set(memberships.map((m) => m.role))]
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
