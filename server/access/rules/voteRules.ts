/** Votes: ballots append-only, none after close; residents only for their households. */
import { appendOnly, householdOf, reject, touchedOutside, unchanged, type RuleFn } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'

export const voteRules: Partial<Record<Condition, RuleFn>> = {
  'append-only-ballots': (before, after) => {
    if (before.getMap('meta').get('status') === 'closed') {
      if (!unchanged(before, after)) return reject('closed', '表决已结束，不再接受选票或修改')
    }
    const r = appendOnly(before, after, 'ballots')
    return 'code' in r ? r : null
  },
  'own-household-ballot': (before, after, ctx) => {
    if (before.getMap('meta').get('status') !== 'open') return reject('closed', '表决未开放或已结束')
    const other = touchedOutside(after, ['ballots'])
    if (other) return reject('forbidden', `不能修改 ${other}`)
    const r = appendOnly(before, after, 'ballots')
    if ('code' in r) return r
    for (const key of r.added) {
      const hh = householdOf(after, 'ballots', key)
      if (!hh || !(ctx.scope.households ?? []).includes(hh)) {
        return reject('forbidden', `只能为本人名下的房屋投票（${hh ?? '?'}）`)
      }
    }
    return null
  },
}
