/**
 * Voter signatures (`votesig:<councilId>:<voteId>`, src/domain/voting/signatures.ts). Decisions,
 * documented in docs/security.md and docs/schema.md:
 *  - Only the root `signatures` may change, and only by adding entries: an existing entry is never
 *    edited or deleted (by anyone, managers included — a wrong signature is handled by resolving the
 *    ballot's conflict, not by rewriting the record).
 *  - Every new entry passes SignatureEntrySchema under a ballot-id key and carries the sender's own
 *    user id in `recordedBy`.
 *  - building/unit heads ('own-scope-signatures'): only for households in their own buildings/units,
 *    judged by the entry's `householdId` (the same scope as their ballots and canvass visits).
 *  Not checked here: that the key names a ballot of that household in the vote doc. The two docs
 *  sync on separate connections in any order, so the ballot may not have arrived yet; readers pair
 *  entries with ballots and treat a household/recorder mismatch as no signature (audit.ts). Nor is
 *  the vote's status (the votesig doc does not hold it): a signature whose ballot was refused after
 *  close stays as an unpaired entry, visible only to the roles that may read this doc.
 */
import { appendOnly, inScope, reject, touchedOutside, type RuleContext, type RuleFn } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'
import { SignatureEntrySchema, VOTESIG_ROOTS } from '../../../src/domain/voting/signatures'

const KEY = /^[A-Za-z0-9_-]{1,64}$/

function appendSignatures(allowed: (householdId: string, ctx: RuleContext) => boolean, why: string): RuleFn {
  return (before, after, ctx) => {
    const other = touchedOutside(after, [...VOTESIG_ROOTS])
    if (other) return reject('forbidden', `签名文档只能新增签名，不能修改 ${other}`)
    const r = appendOnly(before, after, 'signatures')
    if ('code' in r) return r
    const map = after.getMap<unknown>('signatures')
    for (const key of r.added) {
      const parsed = SignatureEntrySchema.safeParse(map.get(key))
      if (!KEY.test(key) || !parsed.success) return reject('invalid', `签名 ${key} 格式不正确`)
      if (parsed.data.recordedBy !== ctx.userId) return reject('forbidden', '只能以本人名义记录签名')
      if (!allowed(parsed.data.householdId, ctx)) return reject('forbidden', `${why}（${parsed.data.householdId}）`)
    }
    return null
  }
}

export const voteSignatureRules: Partial<Record<Condition, RuleFn>> = {
  'append-only-signatures': appendSignatures(() => true, ''),
  'own-scope-signatures': appendSignatures(
    (hh, ctx) => inScope(hh, ctx.scope),
    '只能为本人负责的楼栋/单元的房屋记录签名',
  ),
}
