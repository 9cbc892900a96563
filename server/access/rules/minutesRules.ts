/** Minutes: read-only once sealed; only chair/secretary seal. */
import { reject, type RuleFn } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'

export const minutesRules: Partial<Record<Condition, RuleFn>> = {
  'sealed-readonly': (before, after, ctx) => {
    if (before.getMap('seal').get('hash')) return reject('sealed', '纪要已定稿，不能再修改；更正请写入补充说明')
    const sealing = after.getMap('seal').get('hash') !== undefined
    if (sealing && !ctx.roles.includes('chair') && !ctx.roles.includes('secretary')) {
      return reject('forbidden', '只有主任或秘书可以定稿')
    }
    return null
  },
}
