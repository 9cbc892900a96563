/**
 * Grid events (五步闭环) and the four lists / volunteer orders. Both docs are append-only logs of
 * plain records under random keys (src/domain/grid/schema.ts), so the checks compare maps:
 * nothing existing changes, every new record is valid, written in the writer's own name, and of a
 * kind the writer's roles allow.
 */
import type * as Y from 'yjs'
import { appendOnly, reject, touchedOutside, type RuleContext, type RuleFn, type RuleRejection } from '../ruleKit'
import type { Condition } from '../../../src/domain/access/policy'
import {
  EventRecordSchema,
  OrderSchema,
  OrderStepSchema,
  PointsEntrySchema,
  StepSchema,
} from '../../../src/domain/grid/schema'

const has = (ctx: RuleContext, ...roles: string[]) => roles.some((r) => ctx.roles.includes(r))
const isDispatcher = (ctx: RuleContext) => has(ctx, 'chair', 'secretary', 'admin')
/** Roles that work events (find, handle, record a rating on a resident's behalf). */
const isStaff = (ctx: RuleContext) =>
  has(ctx, 'chair', 'secretary', 'admin', 'member', 'building_head', 'unit_head', 'grid_worker')

/** `meta` may only receive the schema version (migrations run on any device). */
function metaOnlyVersion(before: Y.Doc, after: Y.Doc): RuleRejection | null {
  const b = before.getMap('meta').toJSON()
  const a = after.getMap('meta').toJSON()
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === 'schemaVersion') continue
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return reject('grid-meta', `不允许修改 meta.${k}`)
  }
  return null
}

function lastDispatch(after: Y.Doc, orderId: string): { volunteerUserId?: string } | null {
  let best: { at: number; key: string; v: { volunteerUserId?: string } } | null = null
  after.getMap<unknown>('orderSteps').forEach((raw, key) => {
    const s = OrderStepSchema.safeParse(raw)
    if (!s.success || s.data.kind !== 'dispatch' || s.data.orderId !== orderId) return
    if (!best || s.data.at > best.at || (s.data.at === best.at && key > best.key))
      best = { at: s.data.at, key, v: s.data }
  })
  return best === null ? null : (best as { v: { volunteerUserId?: string } }).v
}

export const gridRules: Partial<Record<Condition, RuleFn>> = {
  'event-steps': (before, after, ctx) => {
    const outside = touchedOutside(after, ['events', 'steps', 'meta'])
    if (outside) return reject('event-shape', `事件文档只允许修改 events 和 steps（不允许 ${outside}）`)
    const meta = metaOnlyVersion(before, after)
    if (meta) return meta
    const ev = appendOnly(before, after, 'events')
    if ('code' in ev) return ev
    const st = appendOnly(before, after, 'steps')
    if ('code' in st) return st
    for (const key of ev.added) {
      const r = EventRecordSchema.safeParse(after.getMap('events').get(key))
      if (!r.success || r.data.eventId !== key) return reject('event-invalid', `事件 ${key} 格式不符`)
      if (r.data.reporterId !== ctx.userId) return reject('not-own-name', '只能以本人名义上报事件')
      if (!isStaff(ctx) && r.data.source !== 'resident') return reject('forbidden', '居民只能上报本人的诉求')
    }
    for (const key of st.added) {
      const r = StepSchema.safeParse(after.getMap('steps').get(key))
      if (!r.success) return reject('step-invalid', `步骤 ${key} 格式不符`)
      const s = r.data
      if (s.by !== ctx.userId) return reject('not-own-name', '只能以本人名义记录步骤')
      const e = EventRecordSchema.safeParse(after.getMap('events').get(s.eventId))
      if (!e.success) return reject('step-invalid', `步骤 ${key} 所属事件不存在`)
      const own = e.data.reporterId === ctx.userId
      const household = e.data.householdId !== undefined && (ctx.scope.households ?? []).includes(e.data.householdId)
      switch (s.kind) {
        case 'report':
          if (!own) return reject('forbidden', '只有上报人可以上报本事件')
          break
        case 'assign':
        case 'reassign':
        case 'escalate':
          if (!isDispatcher(ctx)) return reject('forbidden', '只有主任或秘书可以派单、改派和上报上级')
          break
        case 'handle':
          if (!isStaff(ctx)) return reject('forbidden', '居民不能登记处置结果')
          break
        case 'rate':
          if (!isStaff(ctx) && !own && !household) return reject('forbidden', '只能评价本人或本户的事件')
          break
      }
    }
    return null
  },

  'lists-manage': (before, after, ctx) => {
    const meta = metaOnlyVersion(before, after)
    if (meta) return meta
    for (const root of ['orders', 'orderSteps', 'points']) {
      const r = appendOnly(before, after, root)
      if ('code' in r) return r
      for (const key of r.added) {
        const v = after.getMap(root).get(key)
        const p =
          root === 'orders'
            ? OrderSchema.safeParse(v)
            : root === 'orderSteps'
              ? OrderStepSchema.safeParse(v)
              : PointsEntrySchema.safeParse(v)
        if (!p.success) return reject('list-invalid', `${root} ${key} 格式不符`)
        const who = 'requesterId' in p.data ? p.data.requesterId : p.data.by
        // A manager may place an order on a resident's behalf (代办) only in their own name too.
        if (who !== ctx.userId) return reject('not-own-name', '只能以本人名义记录')
      }
    }
    return null
  },

  'lists-own-orders': (before, after, ctx) => {
    const outside = touchedOutside(after, ['orders', 'orderSteps', 'meta'])
    if (outside) return reject('forbidden', `不能修改 ${outside}`)
    const meta = metaOnlyVersion(before, after)
    if (meta) return meta
    const orders = appendOnly(before, after, 'orders')
    if ('code' in orders) return orders
    for (const key of orders.added) {
      const o = OrderSchema.safeParse(after.getMap('orders').get(key))
      if (!o.success || o.data.orderId !== key) return reject('list-invalid', `点单 ${key} 格式不符`)
      if (o.data.requesterId !== ctx.userId) return reject('not-own-name', '只能以本人名义点单')
    }
    const steps = appendOnly(before, after, 'orderSteps')
    if ('code' in steps) return steps
    for (const key of steps.added) {
      const s = OrderStepSchema.safeParse(after.getMap('orderSteps').get(key))
      if (!s.success) return reject('list-invalid', `步骤 ${key} 格式不符`)
      if (s.data.by !== ctx.userId) return reject('not-own-name', '只能以本人名义记录')
      const o = OrderSchema.safeParse(after.getMap('orders').get(s.data.orderId))
      if (!o.success) return reject('list-invalid', `点单 ${s.data.orderId} 不存在`)
      if (s.data.kind === 'dispatch') return reject('forbidden', '只有主任或秘书可以派单')
      if (s.data.kind === 'rate' && o.data.requesterId !== ctx.userId) return reject('forbidden', '只能评价本人的点单')
      if (
        (s.data.kind === 'accept' || s.data.kind === 'done') &&
        lastDispatch(after, s.data.orderId)?.volunteerUserId !== ctx.userId
      ) {
        return reject('forbidden', '只能接派给本人的单')
      }
    }
    return null
  },
}
