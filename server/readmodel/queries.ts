/**
 * Dashboard figures for a set of councils (a community's, street's or district's subtree) from the
 * read-model tables alone — never from the docs. Periods are the grid feature's Beijing-time
 * periods (src/domain/grid/time.ts periodAt/periodsUpTo, SERIES_LENGTH of metrics.ts), and every
 * figure means what src/domain/grid/metrics.ts metricsFor means for one council: events REPORTED in
 * the period, of which closed / closed the same day / open past their deadline at `now`, mean
 * satisfaction over those rated. tests/server/readModel.test.ts checks both agree for one council.
 *
 * Cost: a node query reads the node's own counters (categories × series periods, ≤ 120 rows) and
 * one all-categories counter per child; a plain council list reads each council's counters.
 * Overdue = open − open-not-yet-due, the latter read per event through a partial index on the
 * deadline of open events (a day's worth). No query touches the 3.5 M event rows of a district year.
 */
import { EVENT_CATEGORIES } from '../../src/domain/grid/schema'
import { SERIES_LENGTH } from '../../src/domain/grid/metrics'
import { periodAt, periodsUpTo } from '../../src/domain/grid/time'
import { CASE_TYPES } from '../../src/domain/mediation/schema'
import { DASHBOARD_PERIODS, type DashboardPeriod, type OrgDashboard } from '../../src/domain/org/dashboard'
import { ALL, type Counters, type Grain, type OrgTree } from './counters'
import type { CountOut, ReadModelStore } from './ReadModelStore'
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

/** Whose figures: a set of councils, or (with `node` and `tree`) an org node and its subtree's councils. */
export interface DashboardTarget {
  councilIds: readonly string[]
  /** the node's children; default: one child per council */
  children?: readonly ChildGroup[]
  /** read this org node's own counters (orgScope.ts gives node, tree and councils together) */
  node?: { id: string }
  /** council → org nodes, synced into the store before a node is read */
  tree?: OrgTree
}

export interface DashboardQuery {
  kind: DashboardPeriod
  /** any instant in the wanted period (epoch ms) */
  at: number
  /** SLA states are evaluated at this instant (default Date.now()) */
  now?: number
}

type Sums = Figures & { satSum: number; satCount: number }
const zero = (): Sums => ({ reported: 0, closed: 0, sameDay: 0, overdue: 0, satSum: 0, satCount: 0 })
const mean = (sum: number, n: number): number | null => (n > 0 ? sum / n : null)

export async function dashboardFor(rm: ReadModelStore, target: DashboardTarget, q: DashboardQuery): Promise<Dashboard> {
  const now = q.now ?? Date.now()
  const grain: Grain = q.kind
  const period = periodAt(q.kind, q.at)
  const periods = periodsUpTo(q.kind, q.at, SERIES_LENGTH[q.kind])
  const { councilIds } = target
  const children =
    target.children ?? councilIds.map((id) => ({ id, kind: 'council' as const, name: id, councilIds: [id] }))
  // A node query reads the node's own counters: the tree must be the one its counters follow.
  const node = target.node && target.tree ? target.node.id : null
  if (node && target.tree) await rm.syncOrgTree(target.tree)
  const nodeKids = children.filter((c) => c.kind !== 'council').map((c) => c.id)
  const councilKids = children.filter((c) => c.kind === 'council').map((c) => c.id)
  const inPeriod = { grain, from: period.start, to: period.end }
  const [own, kidNodes, kidCouncils, notDue, cases] = await Promise.all([
    node
      ? rm.counts({ level: 'node', ids: [node], grain, from: periods[0]!.start, to: period.end })
      : rm.counts({ level: 'council', ids: councilIds, grain, from: periods[0]!.start, to: period.end }),
    nodeKids.length ? rm.counts({ level: 'node', ids: nodeKids, ...inPeriod, allOnly: true }) : [],
    councilKids.length ? rm.counts({ level: 'council', ids: councilKids, ...inPeriod, allOnly: true }) : [],
    rm.openNotDue(period.start, period.end, now),
    rm.caseCounts(councilIds, period.start, period.end),
  ])

  // overdue = open (reported − closed) − open but not yet due; the latter are few (read per event).
  const mine = new Set(councilIds)
  const notDueByCategory = new Map<string, number>()
  const notDueByCouncil = new Map<string, number>()
  for (const o of notDue) {
    if (!mine.has(o.councilId)) continue
    notDueByCategory.set(o.category, (notDueByCategory.get(o.category) ?? 0) + o.n)
    notDueByCouncil.set(o.councilId, (notDueByCouncil.get(o.councilId) ?? 0) + o.n)
  }
  const byCategory = new Map<string, Sums>(EVENT_CATEGORIES.map((c) => [c, zero()]))
  const total = zero()
  for (const s of own) {
    if (s.bucket !== period.start) continue
    if (s.category === ALL) add(total, s)
    else {
      const f = byCategory.get(s.category) ?? zero()
      byCategory.set(s.category, f)
      add(f, s)
    }
  }
  const overdue = (f: Sums, notYet: number) => {
    f.overdue = f.reported - f.closed - notYet
  }
  overdue(
    total,
    [...notDueByCategory.values()].reduce((a, b) => a + b, 0),
  )
  for (const [cat, f] of byCategory) overdue(f, notDueByCategory.get(cat) ?? 0)
  const kidRows = new Map<string, CountOut>([...kidNodes, ...kidCouncils].map((r) => [r.id, r]))

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
      const r = kidRows.get(ch.id)
      if (r) add(f, r)
      overdue(
        f,
        ch.councilIds.reduce((a, id) => a + (notDueByCouncil.get(id) ?? 0), 0),
      )
      return { id: ch.id, kind: ch.kind, name: ch.name, ...figures(f), satisfaction: mean(f.satSum, f.satCount) }
    }),
    series: periods.map((p) => {
      const f = zero()
      for (const s of own) if (s.bucket === p.start && s.category === ALL) add(f, s)
      return { start: p.start, end: p.end, reported: f.reported, closed: f.closed }
    }),
    cases: {
      byType: [...new Set([...CASE_TYPES, ...typeCount.keys()])].map((type) => ({
        type,
        count: typeCount.get(type) ?? 0,
      })),
      byOutcome: CASE_OUTCOMES.map((outcome) => ({ outcome, count: outcomeCount.get(outcome) ?? 0 })),
    },
  }
}

function add(f: Sums, s: Counters): void {
  f.reported += s.reported
  f.closed += s.closed
  f.sameDay += s.sameDay
  f.satSum += s.satSum
  f.satCount += s.satCount
}
