/**
 * Write rules of the grid event doc (五步闭环) and the four-lists doc as pure predicates (server:
 * server/access/rules/gridRules.ts; client: before writing an event, step, order or points entry).
 * Events, steps, orders, order steps and points entries are append-only, valid, and in the
 * writer's own name; what kind of step a writer may add depends on their roles.
 */
import { hasRole, isRecordKey, problem, type WriteActor, type WriteProblem } from '../access/writeRules'
import { MIRROR_PREFIX } from '../escalation/ids'
import { EventRecordSchema, OrderSchema, OrderStepSchema, PointsEntrySchema, StepSchema } from './schema'

export { EventRecordSchema, OrderSchema, OrderStepSchema, PointsEntrySchema, StepSchema }

const isDispatcher = (a: WriteActor) => hasRole(a, 'chair', 'secretary', 'admin')
/** Roles that work events (find, handle, record a rating on a resident's behalf). */
const isStaff = (a: WriteActor) =>
  hasRole(a, 'chair', 'secretary', 'admin', 'member', 'building_head', 'unit_head', 'grid_worker')

/** `meta` of either doc may only receive the schema version (migrations run on any device). */
export function gridMetaProblem(key: string, value: unknown): WriteProblem | null {
  if (key !== 'schemaVersion') return problem('grid-meta', `不允许修改 meta.${key.slice(0, 40)}`)
  return typeof value === 'number' && Number.isInteger(value) && value > 0
    ? null
    : problem('grid-meta', 'schemaVersion 必须是正整数')
}

export function gridEventProblem(actor: WriteActor, key: string, value: unknown): WriteProblem | null {
  const r = EventRecordSchema.safeParse(value)
  if (!r.success || r.data.eventId !== key) return problem('event-invalid', `事件 ${key.slice(0, 40)} 格式不符`)
  if (r.data.reporterId !== actor.userId) return problem('not-own-name', '只能以本人名义上报事件')
  if (!isStaff(actor) && r.data.source !== 'resident') return problem('forbidden', '居民只能上报本人的诉求')
  return null
}

/** A new step; `event` = the event it belongs to as stored (or written by the same update). */
export function gridStepProblem(actor: WriteActor, value: unknown, event: unknown): WriteProblem | null {
  const r = StepSchema.safeParse(value)
  if (!r.success) return problem('step-invalid', '步骤格式不符')
  const s = r.data
  if (s.by !== actor.userId) return problem('not-own-name', '只能以本人名义记录步骤')
  const e = EventRecordSchema.safeParse(event)
  if (!e.success || e.data.eventId !== s.eventId) return problem('step-invalid', '步骤所属事件不存在')
  const own = e.data.reporterId === actor.userId
  const household = e.data.householdId !== undefined && (actor.scope.households ?? []).includes(e.data.householdId)
  switch (s.kind) {
    case 'report':
      return own ? null : problem('forbidden', '只有上报人可以上报本事件')
    case 'assign':
    case 'reassign':
    case 'escalate':
      return isDispatcher(actor) ? null : problem('forbidden', '只有主任或秘书可以派单、改派和上报上级')
    case 'handle':
      return isStaff(actor) ? null : problem('forbidden', '居民不能登记处置结果')
    case 'rate':
      return isStaff(actor) || own || household ? null : problem('forbidden', '只能评价本人或本户的事件')
    case 'upper':
      // Mirrored from the upper level's queue by the server itself (server/escalation/), never by a device.
      return problem('server-only', '上级处置步骤只能由服务器写入')
  }
}

/** A key a device may give a new step: never the prefix of the server's mirrored steps. */
export const isClientStepKey = (key: string): boolean => isRecordKey(key) && !key.startsWith(MIRROR_PREFIX)

export function orderProblem(actor: WriteActor, key: string, value: unknown): WriteProblem | null {
  const o = OrderSchema.safeParse(value)
  if (!o.success || o.data.orderId !== key) return problem('list-invalid', `点单 ${key.slice(0, 40)} 格式不符`)
  // A manager may place an order on a resident's behalf (代办) only in their own name too.
  return o.data.requesterId === actor.userId ? null : problem('not-own-name', '只能以本人名义点单')
}

/**
 * A new order step. `manager` = lists-manage (may dispatch); `order` = the order as stored;
 * `dispatchedTo` = volunteer user id of the order's latest dispatch (for accept/done by others).
 */
export function orderStepProblem(
  actor: WriteActor,
  manager: boolean,
  value: unknown,
  order: unknown,
  dispatchedTo: () => string | undefined,
): WriteProblem | null {
  const s = OrderStepSchema.safeParse(value)
  if (!s.success) return problem('list-invalid', '点单步骤格式不符')
  if (s.data.by !== actor.userId) return problem('not-own-name', '只能以本人名义记录')
  if (manager) return null
  const o = OrderSchema.safeParse(order)
  if (!o.success || o.data.orderId !== s.data.orderId) return problem('list-invalid', `点单 ${s.data.orderId} 不存在`)
  if (s.data.kind === 'dispatch') return problem('forbidden', '只有主任或秘书可以派单')
  if (s.data.kind === 'rate') {
    // 评单: whoever asked, or the resident of the household served (a 红色代办 order was placed by a
    // volunteer on their behalf).
    const household = o.data.householdId !== undefined && (actor.scope.households ?? []).includes(o.data.householdId)
    if (o.data.requesterId !== actor.userId && !household) return problem('forbidden', '只能评价本人或本户的点单')
  }
  if (
    (s.data.kind === 'accept' || s.data.kind === 'decline' || s.data.kind === 'done') &&
    dispatchedTo() !== actor.userId
  )
    return problem('forbidden', '只能接、拒或完成派给本人的单')
  return null
}

export function pointsProblem(actor: WriteActor, value: unknown): WriteProblem | null {
  const p = PointsEntrySchema.safeParse(value)
  if (!p.success) return problem('list-invalid', '积分记录格式不符')
  return p.data.by === actor.userId ? null : problem('not-own-name', '只能以本人名义记录')
}
