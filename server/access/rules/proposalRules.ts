/**
 * Proposals: published versions are frozen snapshots — never edited or deleted, by anyone. The plan
 * doc (which residents read) holds only what is published: the working draft lives in the editors-
 * only `plandraft` doc, so a draft root here may only shrink (an editor moving a legacy draft out,
 * src/domain/proposals/draftDoc.ts). Comments here are on a published version (versionNo set);
 * residents and heads may add them in their own name only (src/domain/proposals/writeRules.ts).
 */
import type { Condition } from '../../../src/domain/access/policy'
import { problem, type WriteActor } from '../../../src/domain/access/writeRules'
import { DRAFT_ROOTS, PUBLISHED_ROOTS } from '../../../src/domain/proposals/draftDoc'
import { ROOTS } from '../../../src/domain/proposals/schema'
import {
  isLegacyComment,
  publishedVersionProblem,
  versionCommentProblem,
} from '../../../src/domain/proposals/writeRules'
import { FREE, shown, type DocRules, type RecordRules, type RootRule } from '../writeRules'

const HEADS = ['building_head', 'unit_head']

const comments = (maskedName: (actor: WriteActor) => boolean, mayDropLegacy: boolean): RecordRules => ({
  kind: 'records',
  add: (_k, value, _v, actor) => versionCommentProblem(actor, value, maskedName(actor)),
  remove: (key, before) =>
    mayDropLegacy && isLegacyComment(before) ? null : problem('append-only', `评论 ${shown(key)} 不可删除`),
})

const DRAFT_PRIVATE = problem('draft-private', '草稿不保存在方案文档中（居民可读），请在草稿文档中编辑')

const publishedOnlyRoots = new Map<string, RootRule>([
  ...PUBLISHED_ROOTS.map((r): [string, RootRule] => [r, FREE]),
  ...DRAFT_ROOTS.map((r): [string, RootRule] => [r, { kind: 'shrink', problem: DRAFT_PRIVATE }]),
  [ROOTS.comments, comments(() => false, true)],
])

export const PROPOSAL_RULES: Partial<Record<Condition, DocRules>> = {
  'frozen-versions': {
    roots: new Map([
      [
        'versions',
        {
          kind: 'records',
          frozenCode: 'frozen',
          add: (_key, value, _view, actor) => publishedVersionProblem(actor, value),
        },
      ],
    ]),
    others: 'free',
  },
  'published-only': {
    roots: publishedOnlyRoots,
    others: 'refuse',
    outside: (root) => problem('draft-private', `方案文档不接受 ${shown(root)}：草稿只在草稿文档中编辑`),
  },
  'own-comments': {
    roots: new Map([[ROOTS.comments, comments((a) => !a.roles.some((r) => HEADS.includes(r)), false)]]),
    others: 'refuse',
    outside: () => problem('comments-only', '只能对已发布的版本发表评论'),
  },
}
