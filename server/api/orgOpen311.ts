/**
 * GET /api/org/<nodeId>/open311.json — the events of an org node's subtree as Open311 GeoReport v2
 * service requests (docs/protocol.md "Org dashboards"), built from the read-model rows (server/
 * readmodel, the same `events` query as the CSV export), never from the council docs. The rows hold
 * no personal data and neither does this: no reporter, assignee, title, free-text description, place
 * or photo — `description` is made from codes, `address` is the compound's registered address and
 * name only, `agency_responsible` the level handling it (社区, 街道 …).
 */
import type { IncomingMessage } from 'node:http'
import { Open311RequestSchema, type Open311Request } from '../../src/domain/grid/exports'
import { label } from '../../src/domain/exports/labels'
import { DAY_MS, shanghaiDay, shanghaiIso, startOfShanghaiDay, SHANGHAI_OFFSET_MS } from '../../src/domain/grid/time'
import type { EventRow } from '../readmodel/rows'
import { ApiError } from './http'

/** GeoReport v2's own default window, and the longest one asked for at once (one year + a day). */
export const DEFAULT_DAYS = 90
export const MAX_DAYS = 366

export interface Open311Window {
  /** 00:00 Beijing of `from`, inclusive */
  start: number
  /** 00:00 Beijing of the day after `to`, exclusive */
  end: number
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Beijing midnight of a `YYYY-MM-DD` that is a real calendar day, else null. */
function dayStart(text: string): number | null {
  const m = DAY.exec(text)
  if (!m) return null
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  if (!Number.isFinite(utc) || new Date(utc).toISOString().slice(0, 10) !== text) return null
  return utc - SHANGHAI_OFFSET_MS
}

const badDates = () =>
  new ApiError(400, 'bad-request', {
    zh: `日期无效：from、to 须为 YYYY-MM-DD（北京时间），from 不晚于 to，跨度不超过 ${MAX_DAYS} 天`,
    en: `Invalid dates: from and to must be YYYY-MM-DD (Beijing time), from not after to, at most ${MAX_DAYS} days`,
  })

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included); default the last 90 days up to today. */
export function open311Window(req: IncomingMessage, now: number): Open311Window {
  const url = new URL(req.url ?? '/', 'http://x')
  const toText = url.searchParams.get('to')
  const fromText = url.searchParams.get('from')
  const toDay = toText === null ? startOfShanghaiDay(now) : dayStart(toText)
  if (toDay === null) throw badDates()
  const fromDay = fromText === null ? toDay - (DEFAULT_DAYS - 1) * DAY_MS : dayStart(fromText)
  if (fromDay === null || fromDay > toDay || (toDay - fromDay) / DAY_MS + 1 > MAX_DAYS) throw badDates()
  return { start: fromDay, end: toDay + DAY_MS }
}

export interface Open311Council {
  name: string
  /** The compound's registered address (not a household's). */
  address: string
}

export function rowToOpen311(e: EventRow, council: Open311Council | undefined): Open311Request {
  const closed = e.handledAt !== null
  const updated = Math.max(e.reportedAt, e.assignedAt ?? 0, e.handledAt ?? 0, e.ratedAt ?? 0)
  const status = label('eventStatus', e.status)
  const r: Open311Request = {
    service_request_id: `${e.councilId}-${e.eventId}`,
    status: closed ? 'closed' : 'open',
    service_name: label('eventCategory', e.category),
    service_code: e.category as Open311Request['service_code'],
    description: e.escalations > 0 ? `${status}，上报上级 ${e.escalations} 次` : status,
    agency_responsible: label('gridLevel', e.level),
    requested_datetime: shanghaiIso(e.reportedAt),
    updated_datetime: shanghaiIso(updated),
    address: [council?.address, council?.name].filter(Boolean).join(' '),
  }
  if (!closed) r.expected_datetime = shanghaiIso(e.dueAt)
  return r
}

/** Rows with a category the schema no longer knows are left out (never sent malformed). */
export function orgOpen311(rows: readonly EventRow[], councils: ReadonlyMap<string, Open311Council>): Open311Request[] {
  const out: Open311Request[] = []
  for (const e of rows) {
    const r = Open311RequestSchema.safeParse(rowToOpen311(e, councils.get(e.councilId)))
    if (r.success) out.push(r.data)
  }
  return out
}

export const open311FileName = (nodeId: string, w: Open311Window): string =>
  `open311-${nodeId}-${shanghaiDay(w.start)}-${shanghaiDay(w.end - 1)}.json`
