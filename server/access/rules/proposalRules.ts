/** Proposals: published versions are frozen snapshots — never edited or deleted, by anyone. */
import { appendOnly, type RuleFn } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'

export const proposalRules: Partial<Record<Condition, RuleFn>> = {
  'frozen-versions': (before, after) => {
    const r = appendOnly(before, after, 'versions')
    return 'code' in r ? { code: 'frozen', message: '已发布的版本不可修改' } : null
  },
}
