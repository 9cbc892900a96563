/**
 * Dashboard figures as pure functions of the folded events and an instant (injected clock):
 * events reported in a period (by their report time, Beijing days) and how many of them were
 * handled (办结), how many the same day, average time per step, satisfaction, and the SLA state now.
 */
import { closedSameDay, slaState, type EventView } from './events'
import { periodAt, periodsUpTo, type Period, type PeriodKind } from './time'

export const STEP_PAIRS = [
  'found-reported',
  'reported-assigned',
  'assigned-handled',
  'handled-rated',
  'reported-handled',
] as const
export type StepPair = (typeof STEP_PAIRS)[number]

export interface Metrics {
  period: Period
  reported: number
  closed: number
  /** closed / reported; null when nothing was reported (no data, shown as 暂无数据, not 0 %) */
  closeRate: number | null
  sameDay: number
  /** sameDay / reported; null when nothing was reported */
  sameDayRate: number | null
  /** Open and past the deadline at `now`. */
  overdue: number
  /** Handled after the deadline. */
  late: number
  open: number
  /** Mean minutes per step over events that have both ends; null when none. */
  avgMinutes: Record<StepPair, number | null>
  rated: number
  /** Mean satisfaction 1–5 over rated events; null when none. */
  satisfaction: number | null
  /** Share of ratings 4 or 5 (满意). */
  satisfiedRate: number | null
  byCategory: Record<string, number>
}

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)
const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null)

function ends(v: EventView, pair: StepPair): [number | null, number | null] {
  switch (pair) {
    case 'found-reported':
      return [v.foundAt, v.reportedAt]
    case 'reported-assigned':
      return [v.reportedAt, v.assignedAt]
    case 'assigned-handled':
      return [v.assignedAt, v.handledAt]
    case 'handled-rated':
      return [v.handledAt, v.ratedAt]
    case 'reported-handled':
      return [v.reportedAt, v.handledAt]
  }
}

/** Figures for the events reported within `period`, SLA states evaluated at `now`. */
export function metricsFor(events: readonly EventView[], period: Period, now: number): Metrics {
  const durations: Record<StepPair, number[]> = {
    'found-reported': [],
    'reported-assigned': [],
    'assigned-handled': [],
    'handled-rated': [],
    'reported-handled': [],
  }
  let reported = 0,
    closed = 0,
    sameDay = 0,
    overdue = 0,
    late = 0,
    open = 0
  const ratings: number[] = []
  const byCategory: Record<string, number> = {}
  for (const v of events) {
    if (v.reportedAt < period.start || v.reportedAt >= period.end) continue
    reported++
    byCategory[v.category] = (byCategory[v.category] ?? 0) + 1
    if (v.closed) closed++
    else open++
    if (closedSameDay(v)) sameDay++
    const sla = slaState(v, now)
    if (sla === 'overdue') overdue++
    if (sla === 'late') late++
    if (v.satisfaction !== null) ratings.push(v.satisfaction)
    for (const pair of STEP_PAIRS) {
      const [a, b] = ends(v, pair)
      if (a !== null && b !== null && b >= a) durations[pair].push((b - a) / 60_000)
    }
  }
  const avgMinutes = Object.fromEntries(STEP_PAIRS.map((p) => [p, mean(durations[p])])) as Record<
    StepPair,
    number | null
  >
  return {
    period,
    reported,
    closed,
    closeRate: rate(closed, reported),
    sameDay,
    sameDayRate: rate(sameDay, reported),
    overdue,
    late,
    open,
    avgMinutes,
    rated: ratings.length,
    satisfaction: mean(ratings),
    satisfiedRate: ratings.length ? ratings.filter((r) => r >= 4).length / ratings.length : null,
    byCategory,
  }
}

/** How many buckets the chart shows per period kind (two weeks of days, a quarter of weeks, …, three years). */
export const SERIES_LENGTH: Record<PeriodKind, number> = { day: 14, week: 13, month: 12, quarter: 4, year: 3 }

export interface Dashboard {
  current: Metrics
  previous: Metrics
  series: Metrics[]
}

/**
 * The dashboard for the period of `kind` containing now: its figures, the previous period's for
 * comparison, and a series for the charts. One pass per bucket; 1000+ events take a few ms.
 */
export function dashboard(events: readonly EventView[], kind: PeriodKind, now: number): Dashboard {
  const periods = periodsUpTo(kind, now, SERIES_LENGTH[kind])
  // Bucket events once so each period only sees its own.
  const buckets = periods.map(() => [] as EventView[])
  const first = periods[0]!.start
  for (const v of events) {
    if (v.reportedAt < first) continue
    const i = periods.findIndex((p) => v.reportedAt >= p.start && v.reportedAt < p.end)
    if (i >= 0) buckets[i]!.push(v)
  }
  const series = periods.map((p, i) => metricsFor(buckets[i]!, p, now))
  const current = series[series.length - 1]!
  const previous =
    series.length > 1 ? series[series.length - 2]! : metricsFor(events, periodAt(kind, current.period.start - 1), now)
  return { current, previous, series }
}
