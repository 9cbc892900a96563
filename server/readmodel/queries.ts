/**
 * Dashboard figures for a set of councils (a community's, street's or district's subtree) from the
 * read-model tables alone — never from the docs. Periods are the grid feature's Beijing-time
 * periods (src/domain/grid/time.ts periodAt/periodsUpTo, SERIES_LENGTH of metrics.ts), and every
 * figure means what src/domain/grid/metrics.ts metricsFor means for one council: events REPORTED in
 * the period, of which closed / closed the same day / open past their deadline at `now`, mean
 * satisfaction over those rated. tests/server/readModel.test.ts checks both agree for one council.
 *
 * Cost: week totals read day counters (7 per council and category), month/quarter/year read month
 * counters (≤ 12); series read the all-categories counters; overdue reads only open events (a
 * partial index). No query touches the 3.5 M event rows of a district year.
 */
import { EVENT_CATEGORIES } from '../../src/domain/grid/schema'
import { SERIES_LENGTH } from '../../src/domain/grid/metrics'
import { periodAt, periodsUpTo, type Period } from '../../src/domain/grid/time'
import { CASE_TYPES } from '../../src/domain/mediation/schema'
import { DASHBOARD_PERIODS, type DashboardPeriod, type OrgDashboard } from '../../src/domain/org/dashboard'
import type { CountSum, ReadModelStore } from './ReadModelStore'
import type { CaseOutcome } from './rows'

export { DASHBOARD_PERIODS, type DashboardPeriod }
export const CASE_OUTCOMES: readonly CaseOutcome[] = ['settled', 'failed', 'pending']

export type ChildKind = 'street' | 'community' | 'council'

/** A child of the queried node and the councils under it. */
export interface ChildGroup {
  id: string
  kind: ChildKind
  name: string
  councilIds: readonly string[]
}

export interface Figures {
  reported: number
  closed: number
  sameDay: number
  overdue: number
}

/** The wire shape (src/domain/org/dashboard.ts OrgDashboardSchema) without the node, which the route adds. */
export type Dashboard = Omit<OrgDashboard, 'node'>

export interface DashboardQuery {
  kind: DashboardPeriod
  /** any instant in the wanted period (epoch ms) */
  at: number
  /** SLA states are evaluated at this instant (default Date.now()) */
  now?: number
  /** the node's children; default: one child per council */
  children?: readonly ChildGroup[]
}

const grainOf = (kind: DashboardPeriod): 'd' | 'm' => (kind === 'week' ? 'd' : 'm')
const zero = (): Figures & { satSum: number; satCount: number } => ({
  reported: 0,
  closed: 0,
  sameDay: 0,
  overdue: 0,
  satSum: 0,
  satCount: 0,
})
const mean = (sum: number, n: number): number | null => (n > 0 ? sum / n : null)

export async function dashboardFor(
  rm: ReadModelStore,
  councilIds: readonly string[],
  q: DashboardQuery,
): Promise<Dashboard> {
  const now = q.now ?? Date.now()
  const period = periodAt(q.kind, q.at)
  const periods = periodsUpTo(q.kind, q.at, SERIES_LENGTH[q.kind])
  const grain = grainOf(q.kind)
  const [sums, seriesSums, overdue, cases] = await Promise.all([
    rm.sumCounts({ councilIds, grain, from: period.start, to: period.end, groupBy: 'categories' }),
    rm.sumCounts({ councilIds, grain, from: periods[0]!.start, to: period.end, groupBy: 'series' }),
    rm.overdue(councilIds, period.start, period.end, now),
    rm.caseCounts(councilIds, period.start, period.end),
  ])

  const byCouncil = new Map<string, ReturnType<typeof zero>>()
  const byCategory = new Map<string, ReturnType<typeof zero>>(EVENT_CATEGORIES.map((c) => [c, zero()]))
  const total = zero()
  const into = (m: Map<string, ReturnType<typeof zero>>, key: string) => {
    let f = m.get(key)
    if (!f) {
      f = zero()
      m.set(key, f)
    }
    return f
  }
  for (const s of sums) for (const f of [total, into(byCouncil, s.councilId), into(byCategory, s.category)]) add(f, s)
  for (const o of overdue) {
    total.overdue += o.n
    into(byCouncil, o.councilId).overdue += o.n
    into(byCategory, o.category).overdue += o.n
  }

  const children = q.children ?? councilIds.map((id) => ({ id, kind: 'council' as const, name: id, councilIds: [id] }))
  const figures = ({ reported, closed, sameDay, overdue }: Figures): Figures => ({ reported, closed, sameDay, overdue })
  const typeCount = new Map<string, number>()
  const outcomeCount = new Map<string, number>()
  for (const c of cases) {
    typeCount.set(c.type, (typeCount.get(c.type) ?? 0) + c.n)
    outcomeCount.set(c.outcome, (outcomeCount.get(c.outcome) ?? 0) + c.n)
  }
  return {
    period: { kind: q.kind, start: period.start, end: period.end },
    totals: { ...figures(total), satisfaction: mean(total.satSum, total.satCount), rated: total.satCount },
    byCategory: [...byCategory].map(([category, f]) => ({ category, ...figures(f) })),
    byChild: children.map((ch) => {
      const f = zero()
      for (const id of ch.councilIds) {
        const c = byCouncil.get(id)
        if (c) {
          add(f, c)
          f.overdue += c.overdue
        }
      }
      return { id: ch.id, kind: ch.kind, name: ch.name, ...figures(f), satisfaction: mean(f.satSum, f.satCount) }
    }),
    series: bucketSeries(periods, seriesSums),
    cases: {
      byType: [...new Set([...CASE_TYPES, ...typeCount.keys()])].map((type) => ({
        type,
        count: typeCount.get(type) ?? 0,
      })),
      byOutcome: CASE_OUTCOMES.map((outcome) => ({ outcome, count: outcomeCount.get(outcome) ?? 0 })),
    },
  }
}

function add(f: ReturnType<typeof zero>, s: Pick<CountSum, 'reported' | 'closed' | 'sameDay' | 'satSum' | 'satCount'>) {
  f.reported += s.reported
  f.closed += s.closed
  f.sameDay += s.sameDay
  f.satSum += s.satSum
  f.satCount += s.satCount
}

/** Day or month counters into the series' periods (weeks of days; months, quarters, years of months). */
function bucketSeries(periods: readonly Period[], sums: readonly CountSum[]) {
  const out = periods.map((p) => ({ start: p.start, end: p.end, reported: 0, closed: 0 }))
  let i = 0
  for (const s of [...sums].sort((a, b) => a.bucket - b.bucket)) {
    while (i < out.length && s.bucket >= out[i]!.end) i++
    const p = out[i]
    if (!p || s.bucket < p.start) continue
    p.reported += s.reported
    p.closed += s.closed
  }
  return out
}
