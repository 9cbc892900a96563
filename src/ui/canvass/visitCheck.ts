/**
 * The canvass form's entry check: the same predicate the server runs on every new visit
 * (visitProblem, src/domain/canvass/writeRules.ts), with the scope variant the server would pick.
 */
import type { Condition } from '../../domain/access/policy'
import { inScope, problem, type WriteActor, type WriteProblem } from '../../domain/access/writeRules'
import { type VisitScope, visitProblem } from '../../domain/canvass/writeRules'
import { scopeFor } from '../form/entryScope'

export interface VisitWriter {
  actor: WriteActor
  conditions: 'write' | readonly Condition[]
}

export function visitScopeOf(w: VisitWriter): VisitScope | null {
  return scopeFor<VisitScope>(
    w.conditions,
    [
      ['append-only-visits', 'any'],
      ['own-scope-visits', 'own-scope'],
    ],
    'any',
  )
}

/** May this writer record a visit for the flat at all (the picker disables the others)? */
export function mayRecordVisit(w: VisitWriter | null, householdId: string): boolean {
  const scope = w && visitScopeOf(w)
  return scope === 'any' || (scope === 'own-scope' && inScope(householdId, w?.actor.scope ?? {}))
}

/** Why this visit would be refused (nothing is written then), or null. */
export function visitEntryProblem(w: VisitWriter | null, visit: unknown): WriteProblem | null {
  const scope = w && visitScopeOf(w)
  if (!w || !scope) return problem('read-only', '')
  return visitProblem(w.actor, scope, visit)
}
