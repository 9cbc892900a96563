/**
 * Proposals: published versions are frozen snapshots — never edited or deleted, by anyone. The plan
 * doc (which residents read) holds only what is published: the working draft lives in the editors-
 * only `plandraft` doc, so a draft root here may only shrink (an editor moving a legacy draft out,
 * src/domain/proposals/draftDoc.ts). Comments here are on a published version (versionNo set);
 * residents and heads may add them in their own name only.
 */
import { appendOnly, json, reject, touchedOutside, type RuleFn, type RuleRejection } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'
import { CommentSchema, ROOTS } from '../../../src/domain/proposals/schema'
import { DRAFT_ROOTS, PUBLISHED_ROOTS } from '../../../src/domain/proposals/draftDoc'
import { maskName } from '../../../src/domain/grid/schema'
import type * as Y from 'yjs'

const HEADS = ['building_head', 'unit_head']

/** A new comment must be on a published version, valid, and in the writer's own name. */
function checkNewComment(value: unknown, userId: string, maskedName: boolean): RuleRejection | null {
  const c = CommentSchema.safeParse(value)
  if (!c.success || c.data.versionNo === undefined) return reject('invalid-comment', '评论格式不正确或未指明版本')
  if (c.data.by !== userId) return reject('not-own-name', '只能以本人名义评论')
  if (maskedName && c.data.byName !== maskName(c.data.byName)) return reject('unmasked-name', '居民姓名须脱敏')
  return null
}

function comments(before: Y.Doc, after: Y.Doc, userId: string, maskedName: boolean, mayDropLegacy: boolean) {
  const b = before.getMap<unknown>(ROOTS.comments).toJSON()
  const a = after.getMap<unknown>(ROOTS.comments).toJSON()
  for (const [key, value] of Object.entries(b)) {
    const legacy = value !== null && typeof value === 'object' && !('versionNo' in value)
    if (!(key in a)) {
      if (legacy && mayDropLegacy) continue
      return reject('append-only', `评论 ${key} 不可删除`)
    }
    if (json(a[key]) !== json(value)) return reject('append-only', `评论 ${key} 不可修改`)
  }
  for (const [key, value] of Object.entries(a)) {
    if (key in b) continue
    const r = checkNewComment(value, userId, maskedName)
    if (r) return r
  }
  return null
}

export const proposalRules: Partial<Record<Condition, RuleFn>> = {
  'frozen-versions': (before, after) => {
    const r = appendOnly(before, after, 'versions')
    return 'code' in r ? { code: 'frozen', message: '已发布的版本不可修改' } : null
  },
  'published-only': (before, after, ctx) => {
    const outside = touchedOutside(after, [...PUBLISHED_ROOTS, ...DRAFT_ROOTS])
    if (outside) return reject('draft-private', `方案文档不接受 ${outside}：草稿只在草稿文档中编辑`)
    for (const root of DRAFT_ROOTS) {
      if (touchedOutside(after, [...PUBLISHED_ROOTS, ...DRAFT_ROOTS.filter((r) => r !== root)]) !== root) continue
      const b = before.getMap<unknown>(root).toJSON()
      const a = after.getMap<unknown>(root).toJSON()
      for (const [key, value] of Object.entries(a))
        if (!(key in b) || json(value) !== json(b[key]))
          return reject('draft-private', '草稿不保存在方案文档中（居民可读），请在草稿文档中编辑')
    }
    return comments(before, after, ctx.userId, false, true)
  },
  'own-comments': (before, after, ctx) => {
    const outside = touchedOutside(after, [ROOTS.comments])
    if (outside) return reject('comments-only', '只能对已发布的版本发表评论')
    return comments(before, after, ctx.userId, !ctx.roles.some((r) => HEADS.includes(r)), false)
  },
}
