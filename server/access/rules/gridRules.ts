/**
 * Grid events (五步闭环) and the four lists / volunteer orders: append-only logs of plain records
 * under random keys (src/domain/grid/schema.ts), judged by src/domain/grid/writeRules.ts.
 */
import type { Condition } from '../../../src/domain/access/policy'
import { problem } from '../../../src/domain/access/writeRules'
import { OrderStepSchema } from '../../../src/domain/grid/schema'
import {
  gridEventProblem,
  gridMetaProblem,
  gridStepOrderProblem,
  gridStepProblem,
  isClientStepKey,
  stepMark,
  type StepMark,
  orderProblem,
  orderStepProblem,
  pointsProblem,
} from '../../../src/domain/grid/writeRules'
import { shown, type DocRules, type RecordRules, type UpdateView } from '../writeRules'
import { storedStepMarks } from './gridStepIndex'

/** This update's new steps by event, built once per update (a 3,000-step import stays O(update)). */
const newStepsByEvent = new WeakMap<UpdateView, Map<string, Array<{ key: string; m: StepMark }>>>()
function newSteps(view: UpdateView): Map<string, Array<{ key: string; m: StepMark }>> {
  let byEvent = newStepsByEvent.get(view)
  if (byEvent) return byEvent
  byEvent = new Map()
  for (const [k, v] of view.written('steps')) {
    if (view.before('steps', k) !== undefined) continue
    const s = stepMark(v)
    if (!s) continue
    const list = byEvent.get(s.eventId)
    if (list) list.push({ key: k, m: s.m })
    else byEvent.set(s.eventId, [{ key: k, m: s.m }])
  }
  newStepsByEvent.set(view, byEvent)
  return byEvent
}

/** The event's other steps: stored (index, O(1) to find) and the rest of this update's new steps. */
function siblingMarks(view: UpdateView, key: string, eventId: string): StepMark[] {
  const out = [...storedStepMarks(view.doc, eventId)]
  for (const s of newSteps(view).get(eventId) ?? []) if (s.key !== key) out.push(s.m)
  return out
}

const meta: RecordRules = {
  kind: 'records',
  key: () => true,
  add: (key, value) => gridMetaProblem(key, value),
  change: (key, _b, value) => gridMetaProblem(key, value),
}

/** Volunteer of an order's latest dispatch (stored or in this update). O(order steps): rare path. */
function lastDispatch(view: UpdateView, orderId: string): string | undefined {
  let best: { at: number; key: string; v: string | undefined } | null = null
  const consider = (raw: unknown, key: string) => {
    const s = OrderStepSchema.safeParse(raw)
    if (!s.success || s.data.kind !== 'dispatch' || s.data.orderId !== orderId) return
    if (!best || s.data.at > best.at || (s.data.at === best.at && key > best.key))
      best = { at: s.data.at, key, v: s.data.volunteerUserId }
  }
  for (const [key, item] of view.doc.share.get('orderSteps')?._map ?? []) {
    if (!item.deleted) consider(item.content.getContent().at(-1), key)
  }
  for (const [key, v] of view.written('orderSteps')) consider(v, key)
  return (best as { v: string | undefined } | null)?.v
}

const orderSteps = (manager: boolean): RecordRules => ({
  kind: 'records',
  add: (_k, value, view, actor) => {
    const orderId = (value as { orderId?: unknown } | null)?.orderId
    const order = typeof orderId === 'string' ? view.after('orders', orderId) : undefined
    return orderStepProblem(actor, manager, value, order, () =>
      typeof orderId === 'string' ? lastDispatch(view, orderId) : undefined,
    )
  },
})
const orders: RecordRules = { kind: 'records', add: (key, value, _v, actor) => orderProblem(actor, key, value) }

export const GRID_RULES: Partial<Record<Condition, DocRules>> = {
  'event-steps': {
    roots: new Map<string, RecordRules>([
      ['meta', meta],
      ['events', { kind: 'records', add: (key, value, _v, actor) => gridEventProblem(actor, key, value) }],
      [
        'steps',
        {
          kind: 'records',
          key: isClientStepKey,
          add: (key, value, view, actor) => {
            const eventId = (value as { eventId?: unknown } | null)?.eventId
            if (typeof eventId !== 'string') return gridStepProblem(actor, value, undefined)
            return (
              gridStepProblem(actor, value, view.after('events', eventId)) ??
              gridStepOrderProblem(value, siblingMarks(view, key, eventId))
            )
          },
        },
      ],
    ]),
    others: 'refuse',
    outside: (root) => problem('event-shape', `事件文档只允许修改 events 和 steps（不允许 ${shown(root)}）`),
  },
  'lists-manage': {
    roots: new Map<string, RecordRules>([
      ['meta', meta],
      ['orders', orders],
      ['orderSteps', orderSteps(true)],
      ['points', { kind: 'records', add: (_k, value, _v, actor) => pointsProblem(actor, value) }],
    ]),
    others: 'free',
  },
  'lists-own-orders': {
    roots: new Map<string, RecordRules>([
      ['meta', meta],
      ['orders', orders],
      ['orderSteps', orderSteps(false)],
    ]),
    others: 'refuse',
    outside: (root) => problem('forbidden', `不能修改 ${shown(root)}`),
  },
}
