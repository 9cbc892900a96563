/** Canvass visits: append-only; heads only within their buildings/units. */
import { appendOnly, householdOf, inScope, reject, touchedOutside, type RuleFn } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'

export const canvassRules: Partial<Record<Condition, RuleFn>> = {
  'append-only-visits': (before, after) => {
    const r = appendOnly(before, after, 'visits')
    return 'code' in r ? r : null
  },
  'own-scope-visits': (before, after, ctx) => {
    const other = touchedOutside(after, ['visits'])
    if (other) return reject('forbidden', `不能修改 ${other}`)
    const r = appendOnly(before, after, 'visits')
    if ('code' in r) return r
    for (const key of r.added) {
      const hh = householdOf(after, 'visits', key)
      if (!hh || !inScope(hh, ctx.scope)) return reject('forbidden', `住户 ${hh ?? '?'} 不在您负责的楼栋/单元`)
    }
    return null
  },
}
