/**
 * Exports: CSV (UTF-8 with BOM so Excel/WPS open Chinese text correctly, CRLF), JSON, and an
 * Open311 GeoReport v2-style list of service requests. Cells that a spreadsheet would run as a
 * formula (= + - @ at the start) are prefixed with ' (CSV injection).
 */
import { z } from 'zod'
import type { EventView } from './events'
import type { ListsSnapshot } from './lists'
import { EVENT_CATEGORIES, type EventCategory } from './schema'
import { shanghaiIso, shanghaiMinute } from './time'

export const BOM = '\uFEFF'

function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Rows → CSV text with BOM and CRLF line ends. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return BOM + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

const time = (ms: number | null) => (ms === null ? '' : shanghaiMinute(ms))

export const EVENT_CSV_HEADER = [
  '事件编号 id',
  '类别 category',
  '标题 title',
  '描述 description',
  '地点 place',
  '楼栋 building',
  '来源 source',
  '上报人 reporter',
  '发现 found',
  '上报 reported',
  '分派 assigned',
  '处置人 assignee',
  '期限 due',
  '办结 handled',
  '评价 rated',
  '满意度 satisfaction',
  '状态 status',
  '层级 level',
  '上报次数 escalations',
] as const

export function eventsCsv(events: readonly EventView[]): string {
  return toCsv(
    EVENT_CSV_HEADER,
    events.map((v) => [
      v.eventId,
      v.category,
      v.title,
      v.description,
      v.place,
      v.building ?? '',
      v.source,
      v.reporterName,
      time(v.foundAt),
      time(v.reportedAt),
      time(v.assignedAt),
      v.assignee?.name ?? '',
      time(v.dueAt),
      time(v.handledAt),
      time(v.ratedAt),
      v.satisfaction ?? '',
      v.status,
      v.level,
      v.escalations,
    ]),
  )
}

/** JSON export of events: records plus their full step trail (no photos: they stay in the doc). */
export function eventsJson(events: readonly EventView[]): string {
  return JSON.stringify(
    events.map(({ photo: _p, ...v }) => v),
    null,
    2,
  )
}

export function listsCsv(l: ListsSnapshot): string {
  const rows: unknown[][] = []
  for (const n of l.needs) rows.push(['需求 need', n.id, n.title, n.detail, n.status, time(n.createdAt)])
  for (const r of l.resources)
    rows.push(['资源 resource', r.id, r.name, `${r.kind}: ${r.offer}`, r.contact, time(r.createdAt)])
  for (const p of l.projects)
    rows.push([
      '项目 project',
      p.id,
      p.title,
      `needs ${p.needIds.join(';')} / resources ${p.resourceIds.join(';')}`,
      p.status,
      time(p.createdAt),
    ])
  for (const x of l.results) rows.push(['成果 result', x.id, x.projectId, x.outcome, x.beneficiaries, time(x.closedAt)])
  for (const o of l.orders) rows.push(['点单 order', o.orderId, o.service, o.detail, o.status, time(o.at)])
  return toCsv(['清单 list', '编号 id', '名称 name', '内容 detail', '状态 status', '时间 time'], rows)
}

export const listsJson = (l: ListsSnapshot): string => JSON.stringify(l, null, 2)

// ---- Open311 GeoReport v2 style ----
const CATEGORY_NAMES: Record<EventCategory, string> = {
  environment: '环境卫生',
  facility: '设施维修',
  safety: '安全隐患',
  dispute: '矛盾纠纷',
  parking: '停车秩序',
  greening: '绿化养护',
  service: '便民服务',
  other: '其他',
}
const isoWithOffset = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/)

/** One GeoReport v2 service request (GET /requests.json response element), as we fill it. */
export const Open311RequestSchema = z
  .object({
    service_request_id: z.string().min(1),
    status: z.enum(['open', 'closed']),
    status_notes: z.string().optional(),
    service_name: z.string().min(1),
    service_code: z.enum(EVENT_CATEGORIES),
    description: z.string(),
    agency_responsible: z.string().optional(),
    requested_datetime: isoWithOffset,
    updated_datetime: isoWithOffset,
    expected_datetime: isoWithOffset.optional(),
    address: z.string(),
    media_url: z.string().optional(),
  })
  .strict()
export const Open311ListSchema = z.array(Open311RequestSchema)
export type Open311Request = z.infer<typeof Open311RequestSchema>

export function toOpen311(v: EventView, compoundName = ''): Open311Request {
  const last = v.steps.length ? Math.max(...v.steps.map((s) => s.at)) : v.reportedAt
  const handled = [...v.steps].reverse().find((s) => s.kind === 'handle')
  const r: Open311Request = {
    service_request_id: v.eventId,
    status: v.closed ? 'closed' : 'open',
    service_name: CATEGORY_NAMES[v.category],
    service_code: v.category,
    description: v.description ? `${v.title}：${v.description}` : v.title,
    requested_datetime: shanghaiIso(v.reportedAt),
    updated_datetime: shanghaiIso(Math.max(last, v.reportedAt)),
    address: [compoundName, v.place].filter(Boolean).join(' '),
  }
  if (handled?.note) r.status_notes = handled.note
  if (v.assignee) r.agency_responsible = v.assignee.name
  if (!v.closed) r.expected_datetime = shanghaiIso(v.dueAt)
  return r
}

export const open311Json = (events: readonly EventView[], compoundName = ''): string =>
  JSON.stringify(
    events.map((v) => toOpen311(v, compoundName)),
    null,
    2,
  )
