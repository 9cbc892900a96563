/**
 * Voter signatures (`votesig:<councilId>:<voteId>`, src/domain/voting/signatures.ts): only
 * `signatures`, only additions (never edited or deleted, by anyone), each a valid entry under a
 * ballot-id key in the sender's own name; heads only for households in their buildings/units.
 * Not checked: that the ballot exists in the vote doc (the two docs sync in any order), nor the
 * vote's status (the votesig doc does not hold it); readers pair entries with ballots (audit.ts).
 */
import type { Condition } from '../../../src/domain/access/policy'
import { problem } from '../../../src/domain/access/writeRules'
import { signatureProblem, type BallotScope } from '../../../src/domain/voting/writeRules'
import { shown, type DocRules } from '../writeRules'

const signatures = (scope: BallotScope): DocRules => ({
  roots: new Map([
    ['signatures', { kind: 'records', add: (key, value, _v, actor) => signatureProblem(actor, scope, key, value) }],
  ]),
  others: 'refuse',
  outside: (root) => problem('forbidden', `签名文档只能新增签名，不能修改 ${shown(root)}`),
})

export const VOTE_SIGNATURE_RULES: Partial<Record<Condition, DocRules>> = {
  'append-only-signatures': signatures('any'),
  'own-scope-signatures': signatures('own-scope'),
}
