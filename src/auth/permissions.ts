/**
 * What the signed-in person may do in one council, for hiding UI the server would refuse anyway.
 * The server stays the authority (src/domain/access/policy.ts is shared with it).
 */
import { effectiveRule, type DocType, type Level, type Role } from '../domain/access/policy'
import type { Membership, Scope, Session } from './types'

/** Mirrors server/api/councilRoutes.ts: who manages members/imports and who may see phones. */
const MANAGE: readonly Role[] = ['chair', 'secretary']
const PHONE_ROLES: readonly Role[] = ['chair', 'secretary', 'building_head', 'unit_head', 'grid_worker', 'mediator']
const ALL_HOUSEHOLDS: readonly Role[] = ['chair', 'secretary', 'grid_worker', 'mediator']

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
    canManage: isAdmin || roles.some((r) => MANAGE.includes(r)),
    level,
    canRead: (t) => level(t) !== 'none',
    canViewPhone(hid) {
      if (isAdmin) return true
      const [b, u] = hid.split('-')
      return memberships.some((m) => PHONE_ROLES.includes(m.role) && (ALL_HOUSEHOLDS.includes(m.role) ||
        (m.scope.buildings ?? []).includes(b ?? '') || (m.scope.units ?? []).includes(`${b}-${u}`)))
    },
  }
}

export function scopeIsEmpty(s: Scope): boolean {
  return !s.buildings?.length && !s.units?.length && !s.households?.length
}
