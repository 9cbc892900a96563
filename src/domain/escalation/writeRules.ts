/**
 * Write rules of the queue doc as pure predicates (server: server/access/rules/queueRules.ts, run on
 * every update, O(update); client: before a handler writes). Who may write at all (org_handler of the
 * node or an ancestor) is decided by the policy; these say WHAT: steps append-only, valid, in the
 * writer's own name, on an item that exists, never escalated above the district; items are written
 * by the server only; settings hold only a valid deadline.
 */
import { problem, type WriteActor, type WriteProblem } from '../access/writeRules'
import { DeadlineDaysSchema, QueueItemSchema, QueueStepSchema } from './schema'

export function queueStepProblem(actor: WriteActor, value: unknown, item: unknown): WriteProblem | null {
  const r = QueueStepSchema.safeParse(value)
  if (!r.success) return problem('queue-invalid', '上级受理步骤格式不符')
  if (r.data.by !== actor.userId) return problem('not-own-name', '只能以本人名义记录步骤')
  const i = QueueItemSchema.safeParse(item)
  if (!i.success || i.data.itemId !== r.data.itemId) return problem('queue-invalid', '步骤所属事项不存在')
  if (r.data.kind === 'escalate' && i.data.level === 'district') return problem('forbidden', '区级已是最高一级')
  return null
}

export const queueItemProblem = (): WriteProblem => problem('server-only', '上报事项只能由服务器写入')

export function queueSettingProblem(key: string, value: unknown): WriteProblem | null {
  if (key !== 'deadlineDays') return problem('queue-invalid', `不允许修改 settings.${key.slice(0, 40)}`)
  return DeadlineDaysSchema.safeParse(value).success ? null : problem('queue-invalid', '办理期限须为 1–60 天')
}
