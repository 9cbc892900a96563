/**
 * Mediation cases: only assignees (plus chair/admin) write; nobody removes their own assignment.
 * The redacted case list: strict non-personal entries, each only by the case's assignees.
 */
import { reject, touchedOutside, type RuleFn } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'
import { CaseSummarySchema } from '../../../src/domain/mediation/caseList'

const isBoss = (roles: readonly string[]) => roles.includes('chair') || roles.includes('admin')
const assigneesOf = (v: unknown): unknown[] =>
  v && typeof v === 'object' && Array.isArray((v as { assignees?: unknown }).assignees)
    ? (v as { assignees: unknown[] }).assignees
    : []

export const caseRules: Partial<Record<Condition, RuleFn>> = {
  // Assignment gates reads and writes alike; it is checked when the connection opens
  // (see accessForDoc) and again here so an update cannot remove the writer's own assignment.
  'assigned-only': (_before, after, ctx) => {
    const assignees = after.getMap('meta').get('assignees')
    const ok = isBoss(ctx.roles) || (Array.isArray(assignees) && assignees.includes(ctx.userId))
    return ok ? null : reject('forbidden', '您未被指派到此案件')
  },
  // Everyone with the list reads every entry, so an entry must never carry personal details: the
  // schema is strict (ids, enums, days, counts only). Writers other than the chair/admins touch only
  // entries of cases they are assigned to — before and after the change, so a removed assignee's
  // stale device cannot write itself back — and never delete.
  'redacted-case-list': (before, after, ctx) => {
    const outside = touchedOutside(after, ['cases'])
    if (outside) return reject('case-list-shape', `案件清单只允许修改 cases（不允许 ${outside}）`)
    const b = before.getMap<unknown>('cases').toJSON()
    const a = after.getMap<unknown>('cases').toJSON()
    for (const key of Object.keys(b)) {
      if (key in a) continue
      if (!isBoss(ctx.roles)) return reject('case-list-delete', '只有主任或管理员可以删除案件清单记录')
    }
    for (const [key, value] of Object.entries(a)) {
      if (JSON.stringify(b[key]) === JSON.stringify(value)) continue
      const parsed = CaseSummarySchema.safeParse(value)
      if (!parsed.success || parsed.data.caseId !== key) {
        return reject('case-list-personal', `案件清单记录 ${key} 格式不符（不得包含个人信息）`)
      }
      if (isBoss(ctx.roles)) continue
      const mineAfter = parsed.data.assignees.includes(ctx.userId)
      const mineBefore = !(key in b) || assigneesOf(b[key]).includes(ctx.userId)
      if (!mineAfter || !mineBefore) return reject('forbidden', `您未被指派到案件 ${key}`)
    }
    return null
  },
}
