/**
 * Canvass visits: append-only; heads only within their buildings/units; only the `visits` root.
 * A new visit that names a `visitor` must name the sender (the connection's user): readers show
 * only well-formed visits (src/domain/canvass/schema.ts requires `visitor`), so every visit a
 * tablet displays was recorded in its visitor's own name and cannot be forged by another tablet.
 */
import type * as Y from 'yjs'
import { appendOnly, householdOf, inScope, reject, touchedOutside, type RuleFn, type RuleRejection } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'

const VISITS = 'visits'

function ownName(after: Y.Doc, added: readonly string[], userId: string): RuleRejection | null {
  const visits = after.getMap<unknown>(VISITS)
  for (const key of added) {
    const rec = visits.get(key)
    const visitor = rec && typeof rec === 'object' ? (rec as { visitor?: unknown }).visitor : undefined
    if (visitor !== undefined && visitor !== userId) return reject('forbidden', '只能以本人名义记录走访')
  }
  return null
}

export const canvassRules: Partial<Record<Condition, RuleFn>> = {
  'append-only-visits': (before, after, ctx) => {
    const other = touchedOutside(after, [VISITS])
    if (other) return reject('forbidden', `不能修改 ${other}`)
    const r = appendOnly(before, after, VISITS)
    if ('code' in r) return r
    return ownName(after, r.added, ctx.userId)
  },
  'own-scope-visits': (before, after, ctx) => {
    const other = touchedOutside(after, [VISITS])
    if (other) return reject('forbidden', `不能修改 ${other}`)
    const r = appendOnly(before, after, VISITS)
    if ('code' in r) return r
    for (const key of r.added) {
      const hh = householdOf(after, VISITS, key)
      if (!hh || !inScope(hh, ctx.scope)) return reject('forbidden', `住户 ${hh ?? '?'} 不在您负责的楼栋/单元`)
    }
    return ownName(after, r.added, ctx.userId)
  },
}
