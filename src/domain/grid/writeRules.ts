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

/**
 * What the order rule needs of each step of an event: its causal number (`seq`, schema.ts; absent
 * in steps from before it existed) and whether it closes the event (办结: a handle, or the upper
 * level's mirrored handle) or rates it.
 */
export interface StepMark {
  seq: number | undefined
  mark: 'report' | 'close' | 'rate' | 'other'
}

/** The mark of a stored step value (no schema parse: the server keeps these for every step). */
export function stepMark(value: unknown): { eventId: string; m: StepMark } | null {
  const v = value as { eventId?: unknown; kind?: unknown; seq?: unknown; action?: unknown } | null
  if (!v || typeof v !== 'object' || typeof v.eventId !== 'string') return null
  const seq = typeof v.seq === 'number' && Number.isInteger(v.seq) ? v.seq : undefined
  const mark =
    v.kind === 'report'
      ? 'report'
      : v.kind === 'handle' || (v.kind === 'upper' && v.action === 'handle')
        ? 'close'
        : v.kind === 'rate'
          ? 'rate'
          : 'other'
  return { eventId: v.eventId, m: { seq, mark } }
}

/**
 * True when whoever wrote a step numbered `k + 1` must have seen the event closed. They saw some
 * step numbered k (that is how the number was made); every step they could have seen at k is on
 * the server (its own earlier steps were sent first, everyone else's came through it). A step
 * "shows" the close when it is the close, a rating (accepted only after a close stored before it,
 * which anyone who received it received too), or every step numbered just below it shows it.
 * Steps that merely sort after a close they never saw (two tablets offline) are not caught here.
 */
function sawClose(siblings: readonly StepMark[], k: number): boolean {
  const levels = new Map<number, StepMark[]>()
  for (const s of siblings)
    if (s.seq !== undefined && s.seq >= 1 && s.seq <= k) levels.set(s.seq, [...(levels.get(s.seq) ?? []), s])
  let shown = false
  let last = 0
  for (const j of [...levels.keys()].sort((a, b) => a - b)) {
    const below: boolean = j === last + 1 && shown
    shown = levels.get(j)!.every((s) => s.mark === 'close' || s.mark === 'rate' || below)
    last = j
  }
  return last === k && shown
}

/**
 * The order of the five steps (五步闭环), judged only by what the step's own number proves its
 * writer had seen, so a step made offline that was valid on its device is never refused because
 * another tablet closed the event meanwhile (both land; readEvents orders them by `seq`):
 *  1. a new step carries its number; the report is number 1 and the event's only report;
 *  2. number n > 1 follows a stored step numbered n − 1 (no invented positions — a step numbered
 *     1,000,000 would otherwise end the event for everyone, a step numbered 1 sort before the report);
 *  3. a rating needs a close numbered below it (评价 only what was 办结);
 *  4. nothing but a rating after a close the writer saw (no dispatch, escalation or second handling).
 * `siblings` = the event's other steps, stored or in the same update. Cost: O(steps of the event).
 */
export function gridStepOrderProblem(value: unknown, siblings: readonly StepMark[]): WriteProblem | null {
  const own = stepMark(value)
  if (!own) return problem('step-invalid', '步骤格式不符')
  const n = own.m.seq
  if (n === undefined || n < 1) return problem('step-order', '步骤缺少顺序号，请更新应用后重新记录')
  if (own.m.mark === 'report') {
    if (n !== 1 || siblings.some((s) => s.mark === 'report')) return problem('step-order', '事件只能上报一次')
    return null
  }
  if (n === 1 ? !siblings.some((s) => s.seq === undefined) : !siblings.some((s) => s.seq === n - 1))
    return problem('step-order', '步骤顺序号无效：没有它之前的步骤')
  if (own.m.mark === 'rate')
    return siblings.some((s) => s.mark === 'close' && (s.seq ?? 0) < n)
      ? null
      : problem('step-order', '事件尚未办结，不能评价')
  return sawClose(siblings, n - 1) ? problem('step-order', '事件已办结，只能评价') : null
}
