/**
 * Council-wide follow-ups (待办): open action items with overdue highlighting. Days are counted in
 * Asia/Shanghai (UTC+8, no daylight saving since 1991), whatever the device's time zone: an item
 * due on 3 March is overdue from 4 March 00:00 Beijing time. The clock is injected.
 */
import type { ActionEntry } from './queries'

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

export type Clock = () => number
export const systemClock: Clock = () => Date.now()

/** The calendar day (`YYYY-MM-DD`) in Asia/Shanghai at instant `ms`. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

export type FollowUpState = 'done' | 'overdue' | 'due-today' | 'open'

export function followUpState(item: Pick<ActionEntry, 'due' | 'doneAt'>, nowMs: number): FollowUpState {
  if (item.doneAt) return 'done'
  const today = shanghaiDay(nowMs)
  if (item.due < today) return 'overdue'
  return item.due === today ? 'due-today' : 'open'
}

/** Whole days past the due day (0 when not overdue). */
export function daysOverdue(due: string, nowMs: number): number {
  const diff = Date.parse(`${shanghaiDay(nowMs)}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)
  return diff > 0 ? Math.round(diff / 86_400_000) : 0
}

export interface FollowUp extends ActionEntry {
  state: FollowUpState
  daysOverdue: number
}

/** Overdue first (most overdue on top), then due today, then open by due day; done items last. */
export function followUps(items: readonly ActionEntry[], clock: Clock = systemClock): FollowUp[] {
  const now = clock()
  const rank: Record<FollowUpState, number> = { overdue: 0, 'due-today': 1, open: 2, done: 3 }
  return items
    .map((i) => ({ ...i, state: followUpState(i, now), daysOverdue: i.doneAt ? 0 : daysOverdue(i.due, now) }))
    .sort((a, b) => rank[a.state] - rank[b.state] || a.due.localeCompare(b.due) || a.id.localeCompare(b.id))
}
