/**
 * Which households a person may record visits for — the client's mirror of the server's
 * 'own-scope-visits' / 'append-only-visits' rules (server/access/rules/canvassRules.ts), used only
 * to show each head their own walk list; the server stays the authority.
 */
import type { ScopedRole } from '../access/councilPermissions'
import type { Role } from '../access/policy'

const ALL: readonly Role[] = ['chair', 'secretary']
const HEADS: readonly Role[] = ['building_head', 'unit_head']

export type VisitScope = 'all' | ((householdId: string) => boolean) | null

export function visitScope(isAdmin: boolean, memberships: readonly ScopedRole[]): VisitScope {
  if (isAdmin || memberships.some((m) => ALL.includes(m.role))) return 'all'
  const heads = memberships.filter((m) => HEADS.includes(m.role))
  if (heads.length === 0) return null
  return (hid) => {
    const [b, u] = hid.split('-')
    return heads.some(
      (m) =>
        (m.scope.households ?? []).includes(hid) ||
        (m.scope.buildings ?? []).includes(b ?? '') ||
        (m.scope.units ?? []).includes(`${b}-${u}`),
    )
  }
}

export function mayVisit(scope: VisitScope, householdId: string): boolean {
  return scope === 'all' || (typeof scope === 'function' && scope(householdId))
}
