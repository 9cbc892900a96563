/**
 * Content rules: the policy's conditions that depend on what an update changes, one module per
 * feature in ./rules. Pure functions over Yjs, tested without sockets (tests/server/contentRules.test.ts).
 */
import type * as Y from 'yjs'
import type { Condition } from '../../src/domain/access/policy'
import type { RuleContext, RuleFn, RuleRejection } from './ruleKit'
import { minutesRules } from './rules/minutesRules'
import { canvassRules } from './rules/canvassRules'
import { voteRules } from './rules/voteRules'
import { voteSignatureRules } from './rules/voteSignatureRules'
import { caseRules } from './rules/caseRules'
import { proposalRules } from './rules/proposalRules'
import { gridRules } from './rules/gridRules'

export { scratchAfter, unchanged, type RuleContext, type RuleRejection } from './ruleKit'

const RULES = {
  ...minutesRules,
  ...canvassRules,
  ...voteRules,
  ...voteSignatureRules,
  ...caseRules,
  ...proposalRules,
  ...gridRules,
} as Record<Condition, RuleFn>

export function checkConditions(
  conditions: readonly Condition[],
  before: Y.Doc,
  after: Y.Doc,
  ctx: RuleContext,
): RuleRejection | null {
  for (const c of conditions) {
    const r = RULES[c](before, after, ctx)
    if (r) return r
  }
  return null
}
