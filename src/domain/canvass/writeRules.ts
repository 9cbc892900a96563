/**
 * Write rules of the canvass doc as pure predicates (server: server/access/rules/canvassRules.ts;
 * client: before recording a visit). Visits are append-only records (`visits` only); a new visit
 * is a valid VisitSchema record in the recorder's own name, and a head records only households in
 * their own buildings/units.
 */
import { inScope, problem, type WriteActor, type WriteProblem } from '../access/writeRules'
import { VisitSchema } from './schema'

export { VisitSchema }

/** 'any': chair/secretary/admin ('append-only-visits'); 'own-scope': building/unit heads. */
export type VisitScope = 'any' | 'own-scope'

export function visitProblem(actor: WriteActor, scope: VisitScope, value: unknown): WriteProblem | null {
  const p = VisitSchema.safeParse(value)
  if (!p.success) return problem('invalid', '走访记录格式不正确')
  if (p.data.visitor !== actor.userId) return problem('forbidden', '只能以本人名义记录走访')
  if (scope === 'own-scope' && !inScope(p.data.householdId, actor.scope))
    return problem('out-of-scope', `${p.data.householdId} 不在您负责的楼栋/单元`)
  return null
}
