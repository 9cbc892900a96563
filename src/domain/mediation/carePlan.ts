/**
 * Follow-up care (回访 / 长效关怀). A plan is a start day and phases; the default is daily contact
 * for 7 days, then weekly for a month (4 weeks), then monthly for 3 months — editable per case.
 *
 * Each scheduled contact is a slot with a due day. Slot i's window is (due[i-1], due[i]] (the first
 * window starts on the start day): a visit recorded in the window does that slot on time. A slot
 * whose due day has passed with no visit in its window is missed. The case is OVERDUE while its
 * latest missed slot has had no contact since — a later visit catches up (the missed slot still
 * counts against the on-time rate). All days are Asia/Shanghai calendar days.
 */
import type { Phase, Visit } from './schema'
import { addDays, addMonths, daysBetween, type Day } from './time'

export const DEFAULT_PHASES: Phase[] = [
  { unit: 'day', count: 7 },
  { unit: 'week', count: 4 },
  { unit: 'month', count: 3 },
]

export interface Plan {
  startDay: Day
  phases: Phase[]
  /** the plan was ended early on this day (with a reason): no slots after it */
  endedDay: Day | null
}

/** Due days of every slot, in order. Months are calendar months from the end of the previous phase. */
export function scheduleDays(plan: Plan): Day[] {
  const out: Day[] = []
  let cursor = plan.startDay
  for (const ph of plan.phases) {
    const base = cursor
    for (let i = 1; i <= ph.count; i++) {
      const d = ph.unit === 'day' ? addDays(base, i) : ph.unit === 'week' ? addDays(base, 7 * i) : addMonths(base, i)
      out.push(d)
      cursor = d
    }
  }
  return plan.endedDay ? out.filter((d) => d <= plan.endedDay!) : out
}

export type SlotState = 'done' | 'missed' | 'due-today' | 'upcoming'

export interface Slot {
  index: number
  due: Day
  windowStart: Day
  state: SlotState
  visit: Visit | null
}

export function slots(plan: Plan, visits: Visit[], todayDay: Day): Slot[] {
  const sorted = [...visits].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.at - b.at))
  let prev: Day | null = null
  return scheduleDays(plan).map((due, index) => {
    const windowStart: Day = prev === null ? plan.startDay : addDays(prev, 1)
    prev = due
    const visit = sorted.find((v) => v.day >= windowStart && v.day <= due) ?? null
    const state: SlotState = visit ? 'done' : due < todayDay ? 'missed' : due === todayDay ? 'due-today' : 'upcoming'
    return { index, due, windowStart, state, visit }
  })
}

export interface CareStatus {
  slots: Slot[]
  /** due day of the missed slot the case is overdue since, or null */
  overdueSince: Day | null
  /** days overdue (today − overdueSince), 0 when not overdue */
  overdueDays: number
  dueToday: boolean
  /** next slot not yet done whose due day is today or later */
  nextDue: Day | null
  done: number
  missed: number
  /** slots whose due day has passed or is done: done / (done + missed) */
  onTimeRate: number | null
  /** every slot is behind us (done or missed) — or the plan was ended */
  complete: boolean
}

export function careStatus(plan: Plan | null, visits: Visit[], todayDay: Day): CareStatus {
  if (!plan) {
    return {
      slots: [],
      overdueSince: null,
      overdueDays: 0,
      dueToday: false,
      nextDue: null,
      done: 0,
      missed: 0,
      onTimeRate: null,
      complete: false,
    }
  }
  const all = slots(plan, visits, todayDay)
  const lastVisitDay = visits.reduce<Day | null>((m, v) => (m === null || v.day > m ? v.day : m), null)
  // Overdue since the first missed slot after the last contact.
  const missedAfterContact = all.filter((s) => s.state === 'missed' && (lastVisitDay === null || s.due > lastVisitDay))
  const overdueSince = missedAfterContact[0]?.due ?? null
  const done = all.filter((s) => s.state === 'done').length
  const missed = all.filter((s) => s.state === 'missed').length
  const next = all.find((s) => s.state === 'due-today' || s.state === 'upcoming')
  return {
    slots: all,
    overdueSince,
    overdueDays: overdueSince ? daysBetween(overdueSince, todayDay) : 0,
    dueToday: all.some((s) => s.state === 'due-today'),
    nextDue: next?.due ?? null,
    done,
    missed,
    onTimeRate: done + missed > 0 ? done / (done + missed) : null,
    complete: plan.endedDay !== null || all.every((s) => s.state === 'done' || s.state === 'missed'),
  }
}
