/**
 * Write rules of the proposal (plan) doc as pure predicates (server: server/access/rules/
 * proposalRules.ts; client: the publish form and the comment box).
 *  - Published versions are frozen: a new version is a valid VersionSchema snapshot under a fresh
 *    key, published in the writer's own name; an existing one is never edited or deleted ('frozen').
 *  - Comments in the plan doc are on a published version (versionNo set), valid, in the writer's
 *    own name; residents' names are stored masked. Comments are never edited or deleted, except
 *    that an editor's device may move legacy draft comments (no versionNo) out to the draft doc.
 */
import { problem, type WriteActor, type WriteProblem } from '../access/writeRules'
import { maskName } from '../grid/schema'
import { CommentSchema, VersionSchema } from './schema'

export { CommentSchema, VersionSchema }

export function publishedVersionProblem(actor: WriteActor, value: unknown): WriteProblem | null {
  const p = VersionSchema.safeParse(value)
  if (!p.success) return problem('invalid', '方案版本格式不正确')
  if (p.data.publishedBy !== actor.userId) return problem('forbidden', '只能以本人名义发布方案版本')
  return null
}

/** A new comment in the plan doc; `maskedName` = the writer's name must be stored masked. */
export function versionCommentProblem(actor: WriteActor, value: unknown, maskedName: boolean): WriteProblem | null {
  const c = CommentSchema.safeParse(value)
  if (!c.success || c.data.versionNo === undefined) return problem('invalid-comment', '评论格式不正确或未指明版本')
  if (c.data.by !== actor.userId) return problem('not-own-name', '只能以本人名义评论')
  if (maskedName && c.data.byName !== maskName(c.data.byName)) return problem('unmasked-name', '居民姓名须脱敏')
  return null
}

/** A legacy draft comment (no versionNo): the only kind an editor's device may remove. */
export function isLegacyComment(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Object.hasOwn(value, 'versionNo')
}
