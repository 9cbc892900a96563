/**
 * Minutes: read-only once sealed; only chair/secretary seal, in their own name, with a hash that
 * matches the content. The hash is recomputed here with the shared pure function
 * (src/domain/meetings/canonical.ts, synchronous SHA-256), over the doc as it would be after the
 * update — so a seal computed on text the server has not got (or with edits it has not seen) is
 * refused, and the seal always describes exactly what is stored.
 */
import { json, reject, type RuleFn } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'
import { verifySeal } from '../../../src/domain/meetings/canonical'

export const minutesRules: Partial<Record<Condition, RuleFn>> = {
  'sealed-readonly': (before, after, ctx) => {
    if (before.getMap('seal').get('hash')) return reject('sealed', '纪要已定稿，不能再修改；更正请写入补充说明')
    const sealChanged = json(before.getMap('seal').toJSON()) !== json(after.getMap('seal').toJSON())
    if (!sealChanged) return null
    if (!ctx.roles.includes('chair') && !ctx.roles.includes('secretary')) {
      return reject('forbidden', '只有主任或秘书可以定稿')
    }
    const seal = after.getMap('seal')
    if (seal.get('hash') === undefined) return reject('forbidden', '定稿信息不完整')
    if (seal.get('sealedBy') !== ctx.userId) return reject('forbidden', '只能以本人名义定稿')
    const v = verifySeal(after)
    if (!v.sealed || !v.ok) return reject('seal-mismatch', '定稿校验值与纪要内容不符，请同步后重新定稿')
    return null
  },
}
