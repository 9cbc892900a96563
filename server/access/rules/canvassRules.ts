/** Canvass visits: append-only `visits` records (src/domain/canvass/writeRules.ts); no other root. */
import type { Condition } from '../../../src/domain/access/policy'
import { problem } from '../../../src/domain/access/writeRules'
import { visitProblem, type VisitScope } from '../../../src/domain/canvass/writeRules'
import { VISITS } from '../../../src/domain/canvass/schema'
import { shown, type DocRules } from '../writeRules'

const visits = (scope: VisitScope): DocRules => ({
  roots: new Map([[VISITS, { kind: 'records', add: (_k, value, _v, actor) => visitProblem(actor, scope, value) }]]),
  others: 'refuse',
  outside: (root) => problem('forbidden', `不能修改 ${shown(root)}`),
})

export const CANVASS_RULES: Partial<Record<Condition, DocRules>> = {
  'append-only-visits': visits('any'),
  'own-scope-visits': visits('own-scope'),
}
