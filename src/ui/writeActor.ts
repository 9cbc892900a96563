/**
 * Who is writing, as the shared write predicates (src/domain/<feature>/writeRules.ts) see them: the
 * signed-in account, its roles in the council (plus 'admin') and the merged scope of its
 * memberships — built the way the server builds it, so a form refuses at entry exactly what the
 * server would refuse later. Used by the forms and by the reconcile-time checks (changeChecks.ts).
 */
import { authState } from '../auth/session'
import { councilAccess } from '../auth/permissions'
import { type Condition, type DocType, effectiveRule, type Role } from '../domain/access/policy'
import type { WriteActor, WriteScope } from '../domain/access/writeRules'

export interface Writer {
  actor: WriteActor
  roles: readonly Role[]
  /** 'write' = unconditioned; otherwise the conditions the server checks (empty = cannot write) */
  conditions(doc: DocType): 'write' | readonly Condition[]
}

export function currentWriter(councilId: string): Writer | null {
  const s = authState.get()
  if (s.kind !== 'signed-in') return null
  const access = councilAccess(s.session, councilId)
  const roles: Role[] = access.isAdmin ? [...access.roles, 'admin'] : [...access.roles]
  const scope: WriteScope = { buildings: [], units: [], households: [] }
  for (const m of access.memberships) {
    scope.buildings?.push(...(m.scope.buildings ?? []))
    scope.units?.push(...(m.scope.units ?? []))
    scope.households?.push(...(m.scope.households ?? []))
  }
  return {
    actor: { userId: s.session.user.id, roles, scope },
    roles,
    conditions: (doc) => {
      const rule = effectiveRule(roles, doc)
      if (rule.level === 'write') return 'write'
      return rule.level === 'cond' ? (rule.conditions ?? []) : []
    },
  }
}
