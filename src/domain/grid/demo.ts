/**
 * A deterministic demo quarter (seeded PRNG, no Math.random, no clock): `count` events reported
 * over `days` days ending at `end`, most handled the same day, a few escalated or still open.
 * Used by the dashboard benchmark and the "load demo data" button (admins, empty doc only).
 * Everything is recorded in `actor`'s name so the server's own-name rule accepts it.
 */
import type * as Y from 'yjs'
import { byUser, type NamedActor } from '../actor'
import { prng } from '../random'
import { EVENT_CATEGORIES, ROOTS, SCHEMA_VERSION, type EventRecord, type Step } from './schema'
import { DAY_MS, startOfShanghaiDay } from './time'

const TITLES: Record<(typeof EVENT_CATEGORIES)[number], string[]> = {
  environment: ['楼道堆放杂物', '垃圾未及时清运', '下水道堵塞'],
  facility: ['路灯不亮', '单元门禁损坏', '雨水管破裂'],
  safety: ['电动车楼道充电', '消防通道占用', '井盖松动'],
  dispute: ['邻里噪音纠纷', '楼上漏水纠纷'],
  parking: ['车辆乱停放', '占用充电车位'],
  greening: ['绿地被占种菜', '树枝遮挡路灯'],
  service: ['独居老人代办', '帮助老人缴费'],
  other: ['流浪犬出没'],
}
const HANDLERS = ['物业公司', '社区网格员', '维修班组', '志愿服务队', '城管中队']

export interface DemoOptions {
  seed: number
  count: number
  days: number
  end: number
  actor: NamedActor
  buildings?: string[]
}
export interface DemoData {
  events: EventRecord[]
  steps: Array<[string, Step]>
}

export function generateDemo(o: DemoOptions): DemoData {
  const rnd = prng(o.seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const buildings = o.buildings?.length ? o.buildings : ['1', '2', '3', '4', '5', '6', '7', '8', '9']
  const events: EventRecord[] = []
  const steps: Array<[string, Step]> = []
  const base = { by: o.actor.userId, byName: o.actor.name, note: '' }
  const firstDay = startOfShanghaiDay(o.end) - (o.days - 1) * DAY_MS
  let n = 0
  for (let i = 0; i < o.count; i++) {
    const id = `e_demo${String(i).padStart(5, '0')}`
    const category = pick(EVENT_CATEGORIES)
    // Working hours in Beijing: 07:30–19:30.
    const reportedAt = Math.round(
      Math.min(o.end - 60_000, firstDay + Math.floor(rnd() * o.days) * DAY_MS + (7.5 + rnd() * 12) * 3_600_000),
    )
    const foundAt = reportedAt - Math.floor(rnd() * 20) * 60_000
    const building = pick(buildings)
    events.push({
      eventId: id,
      category,
      title: pick(TITLES[category]),
      description: '',
      place: `${building}号楼`,
      building,
      gridId: null,
      source: rnd() < 0.2 ? 'resident' : 'worker',
      reporterId: o.actor.userId,
      reporterName: o.actor.name,
      foundAt,
      createdAt: reportedAt,
    })
    // Each step carries its causal position in the event, as addStep gives it (the server checks it).
    let seq = 0
    const step = (s: Step) =>
      steps.push([`s_demo${String(n++).padStart(6, '0')}`, { ...s, at: Math.round(s.at), seq: ++seq }])
    step({ kind: 'report', eventId: id, at: reportedAt, ...base })
    let t = reportedAt
    const age = o.end - reportedAt
    const onSpot = rnd() < 0.15
    if (!onSpot) {
      t += (5 + rnd() * 40) * 60_000
      if (t > o.end) continue
      if (rnd() < 0.03) {
        step({ kind: 'escalate', eventId: id, at: t, ...base, toGridId: null, toLevel: 'community' })
        t += (10 + rnd() * 60) * 60_000
        if (t > o.end) continue
      }
      const due = Math.round(rnd() < 0.9 ? startOfShanghaiDay(reportedAt) + DAY_MS - 1 : t + 3 * DAY_MS)
      step({
        kind: 'assign',
        eventId: id,
        at: t,
        ...base,
        assignee: { name: pick(HANDLERS), kind: 'body' },
        dueAt: due,
      })
    }
    // ~2 % stay open (if recent), most close within hours, some take days.
    if (rnd() < 0.02 && age < 7 * DAY_MS) continue
    t += rnd() < 0.88 ? (20 + rnd() * 180) * 60_000 : (1 + rnd() * 3) * DAY_MS
    if (t > o.end) continue
    step({ kind: 'handle', eventId: id, at: t, ...base, note: '已处置' })
    t += (30 + rnd() * 600) * 60_000
    if (t > o.end || rnd() < 0.1) continue
    step({ kind: 'rate', eventId: id, at: t, ...base, satisfaction: rnd() < 0.93 ? 5 : 4 })
  }
  return { events, steps }
}

/** Writes demo data in one transaction. */
export function writeDemo(doc: Y.Doc, d: DemoData, userId: string): void {
  doc.transact(() => {
    doc.getMap(ROOTS.meta).set('schemaVersion', SCHEMA_VERSION)
    const ev = doc.getMap(ROOTS.events)
    const st = doc.getMap(ROOTS.steps)
    for (const e of d.events) ev.set(e.eventId, e)
    for (const [id, s] of d.steps) st.set(id, s)
  }, byUser(userId))
}
