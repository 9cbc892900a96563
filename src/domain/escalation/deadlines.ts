/**
 * Deadlines per level: the compound handles an event the same Beijing day (当日办结, grid/events.ts);
 * above it each org node has its own number of days, set in its queue doc (`settings.deadlineDays`),
 * else the level's default (community 3 days, street 7, district 10). The deadline is the end of
 * the Beijing day `days` days after the escalation.
 */
import { DAY_MS, endOfShanghaiDay } from '../grid/time'
import type { UpperLevel } from './schema'

export const DEFAULT_DEADLINE_DAYS: Readonly<Record<UpperLevel, number>> = { community: 3, street: 7, district: 10 }

export function deadlineDaysFor(level: UpperLevel, nodeSetting: number | null | undefined): number {
  return nodeSetting ?? DEFAULT_DEADLINE_DAYS[level]
}

/** End of the Beijing day `days` days after `escalatedAt`. */
export function dueAtFor(escalatedAt: number, days: number): number {
  return endOfShanghaiDay(escalatedAt + days * DAY_MS)
}
