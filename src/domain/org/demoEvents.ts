/**
 * A year of one council's grid events for the demo district, written through the domain commands
 * (reportEvent/addStep with explicit times) so the docs are exactly what devices would have written.
 * Deterministic for a seed (mulberry32, no clock, no Math.random; only Yjs client ids and step ids
 * differ between runs). Returns what it decided for each event (the "facts"), from which
 * `demoTotals` computes the figures a dashboard must show — independently of the fold in
 * grid/events.ts and of the server's read models, so tests can compare the two.
 */
import * as Y from 'yjs'
import type { NamedActor as Actor } from '../actor'
import { addStep, reportEvent } from '../grid/events'
import type { EventId } from '../grid/ids'
import type { EventCategory } from '../grid/schema'
import { DAY_MS, endOfShanghaiDay, sameShanghaiDay, startOfShanghaiDay } from '../grid/time'
import { prng } from '../random'
import { DEMO_COUNCILS, demoYearPlan } from './demoDistrict'
import { unwrap } from '../result'

/** A realistic mix (field reports: environment and facilities lead, disputes a minority). */
const CATEGORY_WEIGHTS: Array<[EventCategory, number]> = [
  ['environment', 30],
  ['facility', 22],
  ['safety', 12],
  ['parking', 12],
  ['dispute', 8],
  ['service', 7],
  ['greening', 6],
  ['other', 3],
]
const TITLES: Record<EventCategory, string[]> = {
  environment: ['楼道堆放杂物', '垃圾未及时清运', '下水道堵塞', '化粪池外溢'],
  facility: ['路灯不亮', '单元门禁损坏', '雨水管破裂', '电梯故障'],
  safety: ['电动车楼道充电', '消防通道占用', '井盖松动'],
  parking: ['车辆乱停放', '占用充电车位'],
  dispute: ['邻里噪音纠纷', '楼上漏水纠纷', '摊位占道纠纷'],
  service: ['独居老人代办', '帮助老人缴费', '残疾人证件代办'],
  greening: ['绿地被占种菜', '树枝遮挡路灯'],
  other: ['流浪犬出没', '小广告乱贴'],
}
const HANDLERS = ['物业公司', '社区网格员', '维修班组', '志愿服务队', '城管中队', '业委会']

export interface DemoEventFact {
  category: EventCategory
  reportedAt: number
  handledAt: number | null
  dueAt: number
  satisfaction: number | null
}

export interface DemoYearOptions {
  seed: number
  count: number
  /** the instant the demo is "now": nothing happens after it */
  end: number
  days?: number
  actor: Actor
  buildings?: readonly string[]
  /** event id prefix (ids are `${prefix}${n}`), unique per council */
  idPrefix: string
}

export function writeDemoYear(doc: Y.Doc, o: DemoYearOptions): DemoEventFact[] {
  const rnd = prng(o.seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const totalWeight = CATEGORY_WEIGHTS.reduce((a, [, w]) => a + w, 0)
  const category = (): EventCategory => {
    let r = rnd() * totalWeight
    for (const [c, w] of CATEGORY_WEIGHTS) {
      r -= w
      if (r < 0) return c
    }
    return 'other'
  }
  const days = o.days ?? 365
  const buildings = o.buildings?.length ? o.buildings : ['1', '2', '3', '4', '5', '6']
  const firstDay = startOfShanghaiDay(o.end) - (days - 1) * DAY_MS
  // Report times first, in order, so the doc reads like a year that happened.
  const times: number[] = []
  for (let i = 0; i < o.count; i++) {
    // Working hours in Beijing: 07:30–19:30.
    const at = firstDay + Math.floor(rnd() * days) * DAY_MS + (7.5 + rnd() * 12) * 3_600_000
    times.push(Math.round(Math.min(o.end - 60_000, at)))
  }
  times.sort((a, b) => a - b)
  const facts: DemoEventFact[] = []
  times.forEach((reportedAt, i) => {
    const cat = category()
    const building = pick(buildings)
    const id = `${o.idPrefix}${String(i).padStart(4, '0')}` as EventId
    unwrap(
      reportEvent(
        doc,
        {
          category: cat,
          title: pick(TITLES[cat]),
          description: '',
          place: `${building}号楼`,
          building,
          gridId: null,
          source: rnd() < 0.2 ? 'resident' : 'worker',
          foundAt: reportedAt - Math.floor(rnd() * 20) * 60_000,
        },
        o.actor,
        reportedAt,
        id,
      ),
    )
    const fact: DemoEventFact = {
      category: cat,
      reportedAt,
      handledAt: null,
      dueAt: endOfShanghaiDay(reportedAt),
      satisfaction: null,
    }
    facts.push(fact)
    let t = reportedAt
    // 15 % handled on the spot (即时处置), the rest dispatched — 90 % due the same day.
    if (rnd() >= 0.15) {
      t += Math.round((5 + rnd() * 40) * 60_000)
      if (t > o.end) return
      const dueAt = rnd() < 0.9 ? endOfShanghaiDay(reportedAt) : Math.round(t + 3 * DAY_MS)
      unwrap(addStep(doc, id, { kind: 'assign', assignee: { name: pick(HANDLERS), kind: 'body' }, dueAt }, o.actor, t))
      fact.dueAt = dueAt
    }
    // ~1.5 % are never closed (stuck: awaiting funds, disputed ownership); most close within hours.
    if (rnd() < 0.015) return
    t += Math.round(rnd() < 0.86 ? (20 + rnd() * 200) * 60_000 : (1 + rnd() * 4) * DAY_MS)
    if (t > o.end) return
    unwrap(addStep(doc, id, { kind: 'handle', note: '已处置' }, o.actor, t))
    fact.handledAt = t
    t += Math.round((30 + rnd() * 600) * 60_000)
    if (t > o.end || rnd() < 0.12) return
    const r = rnd()
    const satisfaction = r < 0.9 ? 5 : r < 0.98 ? 4 : 3
    unwrap(addStep(doc, id, { kind: 'rate', satisfaction }, o.actor, t))
    fact.satisfaction = satisfaction
  })
  return facts
}

export interface DemoCounts {
  reported: number
  closed: number
  sameDay: number
  overdue: number
}
export interface DemoTotals extends DemoCounts {
  rated: number
  /** mean 1–5 over rated events; null when none */
  satisfaction: number | null
  byCategory: Record<string, DemoCounts>
}

/** The figures for events reported in [start, end), overdue judged at `now` (open and past due). */
export function demoTotals(
  facts: readonly DemoEventFact[],
  period: { start: number; end: number },
  now: number,
): DemoTotals {
  const totals: DemoTotals = {
    reported: 0,
    closed: 0,
    sameDay: 0,
    overdue: 0,
    rated: 0,
    satisfaction: null,
    byCategory: {},
  }
  let sum = 0
  for (const f of facts) {
    if (f.reportedAt < period.start || f.reportedAt >= period.end) continue
    totals.byCategory[f.category] ??= { reported: 0, closed: 0, sameDay: 0, overdue: 0 }
    const c = totals.byCategory[f.category]!
    const closed = f.handledAt !== null
    const sameDay = closed && sameShanghaiDay(f.handledAt!, f.reportedAt)
    const overdue = !closed && now > f.dueAt
    for (const x of [totals, c]) {
      x.reported++
      if (closed) x.closed++
      if (sameDay) x.sameDay++
      if (overdue) x.overdue++
    }
    if (f.satisfaction !== null) {
      totals.rated++
      sum += f.satisfaction
    }
  }
  totals.satisfaction = totals.rated ? sum / totals.rated : null
  return totals
}

/**
 * What the demo loader generates for every council of the district ending at `end`, recomputed in
 * memory (the events are written into throw-away docs): a test's expected figures.
 */
export function demoDistrictFacts(end: number): Array<{ name: string; communityId: string; facts: DemoEventFact[] }> {
  return DEMO_COUNCILS.map((c, i) => {
    const doc = new Y.Doc()
    const facts = writeDemoYear(doc, { ...demoYearPlan(i), end, actor: { userId: 'u_demo', name: '网格员' } })
    doc.destroy()
    return { name: c.name, communityId: c.communityId, facts }
  })
}
