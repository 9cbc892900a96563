/**
 * 今天 (Today): what needs the signed-in person today or is overdue, across their councils, computed
 * on the device from the docs it already holds (so it works offline). Pure: each collector takes
 * what the caller read from one doc plus "me" and the clock, and returns items; `todayList` sorts.
 *
 * What counts (per person, never the council's whole backlog):
 *  - 回访 / 协议条款: cases this person is assigned to (redacted case list), same rules as carePlan.ts
 *  - 会议待办: open meeting action items whose owner text names this person, due today or earlier
 *  - 网格事件: events assigned to this person's account and not yet handled
 *  - 志愿服务单: orders dispatched to this person (接单/完成) and their own finished orders to rate
 *  - 未投票住户: for building/unit heads, households of THEIR buildings/units with no ballot in an
 *    open vote (unit heads see their units only); residents: their own flat before the vote closes
 *  - 表决即将结束: open votes closing within CLOSING_SOON_MS, for the people who run them
 *
 * `place` is what this person may see anyway where they act (a building/flat, a party's name for
 * the case's own mediator); nothing here is ever put in a notification (see notifyText).
 */
import type { Due } from '../mediation/caseList'
import { daysBetween, fromShanghaiLocal, shanghaiDay, type Day } from '../mediation/time'

export type TodayKind =
  | 'visit'
  | 'term'
  | 'action'
  | 'event'
  | 'order-accept'
  | 'order-done'
  | 'order-rate'
  | 'nonvoters'
  | 'canvass'
  | 'vote-closing'

export interface TodayItem {
  /** stable per item (for lists and tests) */
  key: string
  kind: TodayKind
  councilId: string
  /** what it is about: a case type code, the action text, event title, service, vote title */
  what: string
  /** building/flat or party name this person may see; '' when none */
  place: string
  due: Day
  /** > 0 days overdue, 0 due today, < 0 still ahead (votes closing soon) */
  daysLate: number
  /** where to act, one tap away */
  href: string
  /** households still to chase (nonvoters) */
  count?: number
}

/** Votes closing within two days show up (enough time for a head to walk the stairwell again). */
export const CLOSING_SOON_MS = 48 * 60 * 60 * 1000

export function caseItems(
  councilId: string,
  due: readonly Due[],
  places: Readonly<Record<string, string>>,
): TodayItem[] {
  return due.map((d) => ({
    key: `${d.kind}:${councilId}:${d.caseId}`,
    kind: d.kind,
    councilId,
    what: d.type,
    place: places[d.caseId] ?? '',
    due: d.day,
    daysLate: d.daysLate,
    href: `/c/${councilId}/cases/${d.caseId}`,
  }))
}

export interface ActionLike {
  id: string
  meetingId: string
  what: string
  owner: string
  due: Day
  doneAt?: string | null
}

/** The owner field is free text ("王主任、李委员"): an item is mine when it names me. */
export function actionItems(
  councilId: string,
  actions: readonly ActionLike[],
  myName: string,
  todayDay: Day,
): TodayItem[] {
  const name = myName.trim()
  if (!name) return []
  return actions
    .filter((a) => !a.doneAt && a.due <= todayDay && a.owner.includes(name))
    .map((a) => ({
      key: `action:${councilId}:${a.id}`,
      kind: 'action' as const,
      councilId,
      what: a.what,
      place: '',
      due: a.due,
      daysLate: daysBetween(a.due, todayDay),
      href: `/c/${councilId}/meetings/${a.meetingId}`,
    }))
}

export interface EventLike {
  eventId: string
  title: string
  building?: string
  place?: string
  handledAt: number | null
  dueAt: number
  assignee: { userId?: string } | null
}

export function eventItems(
  councilId: string,
  events: readonly EventLike[],
  userId: string,
  todayDay: Day,
): TodayItem[] {
  return events
    .filter((e) => e.handledAt === null && e.assignee?.userId === userId)
    .map((e) => {
      const due = shanghaiDay(e.dueAt)
      return {
        key: `event:${councilId}:${e.eventId}`, // not a doc name
        kind: 'event' as const,
        councilId,
        what: e.title,
        place: e.place ?? '',
        due,
        daysLate: Math.max(0, daysBetween(due, todayDay)),
        href: `/c/${councilId}/grid/events/${e.eventId}`,
      }
    })
}

export interface OrderLike {
  orderId: string
  service: string
  householdId?: string
  requesterId: string
  status: 'requested' | 'dispatched' | 'accepted' | 'declined' | 'done' | 'rated'
  volunteerUserId: string | null
  steps: ReadonlyArray<{ at: number }>
  at: number
}

/** 接单 and 完成 for the volunteer the order went to; 评单 for the resident who asked. */
export function orderItems(
  councilId: string,
  orders: readonly OrderLike[],
  userId: string,
  todayDay: Day,
  myHouseholds: readonly string[] = [],
): TodayItem[] {
  const out: TodayItem[] = []
  for (const o of orders) {
    const last = o.steps.at(-1)?.at ?? o.at
    const kind: TodayKind | null =
      o.volunteerUserId === userId && o.status === 'dispatched'
        ? 'order-accept'
        : o.volunteerUserId === userId && o.status === 'accepted'
          ? 'order-done'
          : o.status === 'done' &&
              (o.requesterId === userId || (o.householdId !== undefined && myHouseholds.includes(o.householdId)))
            ? 'order-rate'
            : null
    if (!kind) continue
    const due = shanghaiDay(last)
    out.push({
      key: `${kind}:${councilId}:${o.orderId}`,
      kind,
      councilId,
      what: o.service,
      place: o.householdId ?? '',
      due,
      daysLate: Math.max(0, daysBetween(due, todayDay)),
      href: `/c/${councilId}/grid/lists#order-${o.orderId}`,
    })
  }
  return out
}

export interface VoteLike {
  voteId: string
  title: string
  status: 'draft' | 'open' | 'closed'
  /** Beijing wall clock 'YYYY-MM-DDTHH:mm' as the vote form stores it, or '' */
  closesAt: string
  roll: ReadonlyArray<{ householdId: string; building: string; unit: string; flat: string }>
  votedHouseholds: ReadonlySet<string>
}

/** Which households a head walks for: null = none (not a head here). */
export type HouseholdScope = ((householdId: string) => boolean) | null

/**
 * Non-voters in this person's scope (one item per unit, so the list says where to go) and, for
 * those who run the vote, a reminder when it closes soon.
 */
export function voteItems(
  councilId: string,
  v: VoteLike,
  scope: HouseholdScope,
  runsVotes: boolean,
  now: number,
): TodayItem[] {
  if (v.status !== 'open') return []
  const todayDay = shanghaiDay(now)
  const closesMs = v.closesAt ? fromShanghaiLocal(v.closesAt) : null
  const due = closesMs !== null ? shanghaiDay(closesMs) : todayDay
  const daysLate = closesMs !== null ? Math.min(0, daysBetween(due, todayDay)) : 0
  const href = `/c/${councilId}/votes/${v.voteId}`
  const out: TodayItem[] = []
  if (scope) {
    const perUnit = new Map<string, string[]>()
    for (const f of v.roll) {
      if (v.votedHouseholds.has(f.householdId) || !scope(f.householdId)) continue
      const k = `${f.building}-${f.unit}`
      const list = perUnit.get(k) ?? []
      perUnit.set(k, list)
      list.push(f.flat)
    }
    for (const [unit, flats] of [...perUnit].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      out.push({
        key: `nonvoters:${councilId}:${v.voteId}:${unit}`,
        kind: 'nonvoters',
        councilId,
        what: v.title,
        place: `${unit}: ${flats.join('、')}`,
        due,
        daysLate,
        href,
        count: flats.length,
      })
    }
  }
  if (runsVotes && closesMs !== null && closesMs > now && closesMs - now <= CLOSING_SOON_MS) {
    out.push({
      key: `vote-closing:${councilId}:${v.voteId}`,
      kind: 'vote-closing',
      councilId,
      what: v.title,
      place: '',
      due,
      daysLate,
      href,
    })
  }
  return out
}

export interface CanvassLike {
  proposalId: string
  title: string
  /** the published version being canvassed (the latest) */
  versionNo: number
  households: ReadonlyArray<{ householdId: string; building: string; unit: string; flat: string }>
  visits: ReadonlyArray<{ householdId: string; versionNo: number; outcome: 'visited' | 'not_home' | 'refused' }>
}

/**
 * 逐户征求意见 walk list of a head: households of their buildings/units with no answered visit
 * (visited or refused) for the latest version — one item per unit, flats listed (not_home counts
 * as still to visit).
 */
export function canvassItems(councilId: string, c: CanvassLike, scope: HouseholdScope, todayDay: Day): TodayItem[] {
  if (!scope || c.versionNo < 1) return []
  const answered = new Set(
    c.visits.filter((v) => v.versionNo === c.versionNo && v.outcome !== 'not_home').map((v) => v.householdId),
  )
  const perUnit = new Map<string, string[]>()
  for (const h of c.households) {
    if (answered.has(h.householdId) || !scope(h.householdId)) continue
    const k = `${h.building}-${h.unit}`
    const list = perUnit.get(k) ?? []
    perUnit.set(k, list)
    list.push(h.flat)
  }
  return [...perUnit]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([unit, flats]) => ({
      key: `visits:${councilId}:${c.proposalId}:${unit}`,
      kind: 'canvass' as const,
      councilId,
      what: c.title,
      place: `${unit}: ${flats.join('、')}`,
      due: todayDay,
      daysLate: 0,
      href: `/c/${councilId}/proposals/${c.proposalId}/canvass`,
      count: flats.length,
    }))
}

/** Most overdue first, then due today, then what is still ahead; stable by key. */
export function todayList(items: readonly TodayItem[]): TodayItem[] {
  const seen = new Set<string>()
  return items
    .filter((i) => (seen.has(i.key) ? false : (seen.add(i.key), true)))
    .sort((a, b) => b.daysLate - a.daysLate || a.due.localeCompare(b.due) || a.key.localeCompare(b.key))
}

/** The badge counts items, not households (a unit to walk is one thing to do). */
export const badgeCount = (items: readonly TodayItem[]): number => items.length

/**
 * Lock-screen text: a count and nothing personal — no names, flats, case types or titles.
 */
export function notifyText(items: readonly TodayItem[]): { title: string; body: string } | null {
  if (items.length === 0) return null
  const late = items.filter((i) => i.daysLate > 0).length
  return {
    title: '议事通',
    body: late > 0 ? `今天有 ${items.length} 件事要办，其中 ${late} 件已逾期` : `今天有 ${items.length} 件事要办`,
  }
}
