/**
 * Minutes: read-only once sealed; only chair/secretary seal, in their own name, with a hash that
 * matches the content the server holds, and with quorum or a recorded override
 * (src/domain/meetings/sealRules.ts). The sealing update may write only `seal` and `versions`
 * (sealMinutes' own transaction): the hash is recomputed over the live text, so a seal computed on
 * text the server has not got is refused with 'seal-mismatch' — the device sends its text first.
 */
import type { Condition } from '../../../src/domain/access/policy'
import { problem } from '../../../src/domain/access/writeRules'
import { MINUTES_FIELD, SEAL_ALGORITHM, canonicalFragment, sealHash } from '../../../src/domain/meetings/canonical'
import { SEAL_KEYS, sealQuorumProblem, sealerProblem } from '../../../src/domain/meetings/sealRules'
import type * as Y from 'yjs'
import type { DocRules, UpdateView } from '../writeRules'

const SEALED = problem('sealed', '纪要已定稿，不能再修改；更正请写入补充说明')
const MISMATCH = problem('seal-mismatch', '定稿校验值与纪要内容不符，请同步后重新定稿')

function liveHash(view: UpdateView): string | null {
  const s = (k: string) => view.after('seal', k)
  const sealedBy = s('sealedBy')
  const sealedAt = s('sealedAt')
  if (typeof sealedBy !== 'string' || typeof sealedAt !== 'string' || s('algorithm') !== SEAL_ALGORITHM) return null
  const content = (
    view.doc.share.get(MINUTES_FIELD) ? view.doc.getXmlFragment(MINUTES_FIELD) : null
  ) as Y.XmlFragment | null
  return sealHash({
    content: content ? canonicalFragment(content) : [],
    record: s('record') ?? null,
    sealedBy,
    sealedAt,
  })
}

export const MINUTES_RULES: Partial<Record<Condition, DocRules>> = {
  'sealed-readonly': {
    roots: new Map([['seal', { kind: 'records', key: (k) => SEAL_KEYS.has(k), add: () => null }]]),
    others: 'free',
    first: (view) => (view.before('seal', 'hash') !== undefined ? SEALED : null),
    last(view, actor) {
      if (!view.changes.roots.has('seal')) return null
      const who = sealerProblem(actor, view.after('seal', 'sealedBy'))
      if (who) return who
      const hash = view.after('seal', 'hash')
      if (typeof hash !== 'string') return problem('forbidden', '定稿信息不完整')
      for (const root of view.changes.roots) if (root !== 'seal' && root !== 'versions') return MISMATCH
      if (liveHash(view) !== hash) return MISMATCH
      return sealQuorumProblem(actor, view.after('seal', 'record'), view.after('seal', 'quorumOverride'))
    },
  },
}
