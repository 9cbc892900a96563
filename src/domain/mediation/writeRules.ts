/**
 * Write rules of the mediation docs as pure predicates (server: server/access/rules/caseRules.ts;
 * client: before writing the case list entry / the case's assignees).
 *
 * Case list (`caselist:<councilId>`): every reader sees every entry, so an entry is a strict
 * CaseSummary whose `caseId` is its key, and whose assignees / lead are account ids — never free
 * text. An account id is the store's `u_` + 16 hex form, or a short id that starts with a letter and
 * holds no run of 7 or more digits (a phone number or ID number is never an id). Writers other than
 * the chair/admins add or change only entries of cases they are assigned to — before and after the
 * change — and never delete.
 */
import { isBoss, problem, type WriteActor, type WriteProblem } from '../access/writeRules'
import { CaseSummarySchema } from './caseList'

export { CaseSummarySchema }

const STORE_ID = /^u_[0-9a-f]{16}$/
const SHORT_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/

/** Looks like an account id (see above) and not like a phone or ID number. */
export function isAccountId(v: unknown): v is string {
  return typeof v === 'string' && (STORE_ID.test(v) || (SHORT_ID.test(v) && !/\d{7}/.test(v)))
}

const assigneesOf = (v: unknown): readonly unknown[] =>
  v !== null && typeof v === 'object' && Array.isArray((v as { assignees?: unknown }).assignees)
    ? (v as { assignees: unknown[] }).assignees
    : []

/** A new or changed case-list entry `value` under `key`; `before` = the current entry, if any. */
export function caseListEntryProblem(
  actor: WriteActor,
  key: string,
  before: unknown,
  value: unknown,
): WriteProblem | null {
  const parsed = CaseSummarySchema.safeParse(value)
  const shown = key.slice(0, 40)
  if (!parsed.success || parsed.data.caseId !== key)
    return problem('case-list-personal', `案件清单记录 ${shown} 格式不符（不得包含个人信息）`)
  const ids = [...parsed.data.assignees, ...(parsed.data.lead === null ? [] : [parsed.data.lead])]
  if (!ids.every(isAccountId)) return problem('case-list-personal', `案件清单记录 ${shown} 的指派人员必须是账号编号`)
  if (isBoss(actor)) return null
  const mineAfter = parsed.data.assignees.includes(actor.userId)
  const mineBefore = before === undefined || assigneesOf(before).includes(actor.userId)
  return mineAfter && mineBefore ? null : problem('forbidden', `您未被指派到案件 ${shown}`)
}

export function caseListRemoveProblem(actor: WriteActor): WriteProblem | null {
  return isBoss(actor) ? null : problem('case-list-delete', '只有主任或管理员可以删除案件清单记录')
}

/** A case doc write: the writer must stay among the case's assignees (after the change). */
export function caseAssignmentProblem(actor: WriteActor, assigneesAfter: unknown): WriteProblem | null {
  if (isBoss(actor)) return null
  return Array.isArray(assigneesAfter) && assigneesAfter.includes(actor.userId)
    ? null
    : problem('forbidden', '您未被指派到此案件')
}
