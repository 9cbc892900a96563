/**
 * The access decision for one user on one document, from the policy table and their memberships.
 * Doc names are `<type>:<councilId>[:<id>…]` (src/domain/docTypes.ts), so the council is part of the name.
 */
import type * as Y from 'yjs'
import { parseDocScope } from '../../src/domain/docTypes'
import {
  effectiveRule,
  isOrgRole,
  type Condition,
  type DocType,
  type Level,
  type OrgRole,
  type Role,
} from '../../src/domain/access/policy'
import type { Membership, Scope, User } from '../accounts/AccountStore'

export type AccessDecision =
  | {
      ok: true
      docType: DocType
      councilId: string
      level: Level
      conditions: Condition[]
      /** At 'cond': the write must meet every condition of at least one of these (one per role). */
      alternatives: Condition[][]
      roles: Role[]
      scope: Scope
    }
  | { ok: false; code: 4403 | 4404; reason: string }

/** The doc type (= access rule key) and council of a doc name (src/domain/docTypes.ts); null if unknown. */
export function parseScopedName(name: string): { docType: DocType; councilId: string } | null {
  const parsed = parseDocScope(name)
  return parsed ? { docType: parsed.type, councilId: parsed.councilId } : null
}

const mergeScopes = (ms: Membership[]): Scope => ({
  buildings: ms.flatMap((m) => m.scope.buildings ?? []),
  units: ms.flatMap((m) => m.scope.units ?? []),
  households: ms.flatMap((m) => m.scope.households ?? []),
})

/**
 * `orgRoles`: roles the person holds on this council through the organisation tree (orgRoles.ts),
 * added to their memberships; the union of all roles decides, whatever their order.
 */
export function decideAccess(
  user: User,
  memberships: Membership[],
  docName: string,
  orgRoles: readonly OrgRole[] = [],
): AccessDecision {
  const parsed = parseScopedName(docName)
  if (!parsed) return { ok: false, code: 4404, reason: 'unknown doc type' }
  // A membership can only carry a council role; org roles come from org staff entries alone.
  const mine = memberships.filter((m) => m.councilId === parsed.councilId && !isOrgRole(m.role))
  const roles: Role[] = [...mine.map((m) => m.role), ...orgRoles.filter(isOrgRole)]
  if (user.isAdmin) roles.push('admin')
  const rule = effectiveRule(roles, parsed.docType)
  if (rule.level === 'none') return { ok: false, code: 4403, reason: 'forbidden' }
  return {
    ok: true,
    ...parsed,
    level: rule.level,
    conditions: rule.conditions ?? [],
    alternatives: rule.alternatives ?? [rule.conditions ?? []],
    roles,
    scope: mergeScopes(mine),
  }
}

/**
 * Read gate that depends on content (mediation cases): only assignees, the chair and admins.
 * An empty doc (a case being created offline) may be opened by anyone with the role's access.
 */
export function mayRead(decision: Extract<AccessDecision, { ok: true }>, userId: string, doc: Y.Doc): boolean {
  if (!decision.conditions.includes('assigned-only')) return true
  if (decision.roles.includes('chair') || decision.roles.includes('admin')) return true
  const assignees = doc.getMap('meta').get('assignees')
  if (assignees === undefined) return doc.store.clients.size === 0
  return Array.isArray(assignees) && assignees.includes(userId)
}
