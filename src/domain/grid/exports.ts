/**
 * Grid exports: CSV for people (Chinese headers and labels, Beijing time, names not ids — the
 * writer is src/domain/exports/csv.ts), JSON, and Open311 GeoReport v2 service requests for the
 * street office's systems (served at /api/open311/v2/, server/api/open311Routes.ts).
 */
import { z } from 'zod'
import type { EventView } from './events'
import type { ListsSnapshot } from './lists'
import { EVENT_CATEGORIES, type EventCategory } from './schema'
import { shanghaiIso } from './time'
import { BOM, beijingTime, toCsv } from '../exports/csv'
import { label, LABELS } from '../exports/labels'

export { BOM, toCsv }

const time = beijingTime

/** People's columns: no ids or codes (the Open311 feed is the machine-readable form). */
export const EVENT_CSV_HEADER = [
  '类别',
  '标题',
  '描述',
  '地点',
  '楼栋',
  '来源',
  '上报人',
  '发现时间',
  '上报时间',
  '分派时间',
  '处置人',
  '办结期限',
  '办结时间',
  '评价时间',
  '满意度',
  '状态',
  '层级',
  '上报上级次数',
] as const

export function eventsCsv(events: readonly EventView[]): string {
  return toCsv(
    EVENT_CSV_HEADER,
    events.map((v) => [
      label('eventCategory', v.category),
      v.title,
      v.description,
      v.place,
      v.building ? `${v.building}号楼` : '',
      label('eventSource', v.source),
      v.reporterName,
      time(v.foundAt),
      time(v.reportedAt),
      time(v.assignedAt),
      v.assignee?.name ?? '',
      time(v.dueAt),
      time(v.handledAt),
      time(v.ratedAt),
      v.satisfaction ?? '',
      label('eventStatus', v.status),
      label('gridLevel', v.level),
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

export const LISTS_CSV_HEADER = ['清单', '名称', '内容', '关联', '状态', '时间'] as const

/** The four lists and the orders, with names where the doc keeps ids (needs, resources, projects). */
export function listsCsv(l: ListsSnapshot): string {
  const needName = new Map(l.needs.map((n) => [n.id, n.title]))
  const resName = new Map(l.resources.map((r) => [r.id, r.name]))
  const projName = new Map(l.projects.map((p) => [p.id, p.title]))
  const names = (ids: readonly string[], m: Map<string, string>) => ids.map((i) => m.get(i) ?? '（已删除）').join('、')
  const rows: unknown[][] = []
  for (const n of l.needs)
    rows.push([
      '需求清单',
      n.title,
      n.detail,
      n.householdId ? householdText(n.householdId) : '',
      label('needStatus', n.status),
      time(n.createdAt),
    ])
  for (const r of l.resources)
    rows.push(['资源清单', r.name, `${label('resourceKind', r.kind)}：${r.offer}`, r.contact, '', time(r.createdAt)])
  for (const p of l.projects)
    rows.push([
      '项目清单',
      p.title,
      `需求：${names(p.needIds, needName)}`,
      `资源：${names(p.resourceIds, resName)}`,
      label('projectStatus', p.status),
      time(p.createdAt),
    ])
  for (const x of l.results)
    rows.push([
      '成果清单',
      projName.get(x.projectId) ?? '（已删除）',
      x.outcome,
      `受益 ${x.beneficiaries} 人`,
      '',
      time(x.closedAt),
    ])
  for (const o of l.orders)
    rows.push([
      '服务点单',
      o.service,
      o.detail,
      [o.householdId ? householdText(o.householdId) : '', o.volunteerName ? `志愿者：${o.volunteerName}` : '']
        .filter(Boolean)
        .join('；'),
      label('orderStatus', o.status),
      time(o.at),
    ])
  return toCsv(LISTS_CSV_HEADER, rows)
}

/** `3-1-0402` → `3号楼1单元0402`. */
export function householdText(householdId: string): string {
  const [b, u, f] = householdId.split('-')
  return b && u && f ? `${b}号楼${u}单元${f}` : householdId
}

export const listsJson = (l: ListsSnapshot): string => JSON.stringify(l, null, 2)

// ---- Open311 GeoReport v2 ----
const CATEGORY_NAMES = LABELS.eventCategory
const CATEGORY_DESCRIPTIONS: Record<EventCategory, string> = {
  environment: '垃圾、污水、异味等环境卫生问题',
  facility: '路灯、下水道、电梯、路面等公共设施损坏',
  safety: '消防通道、电动车充电、危险建筑等安全隐患',
  dispute: '邻里、噪音、物业等矛盾纠纷',
  parking: '乱停乱放、占用通道',
  greening: '绿地、树木的养护',
  service: '老人助餐、代办等便民服务需求',
  other: '其他问题',
}
const isoWithOffset = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/)

/** Every field GeoReport v2 defines for a service request (GET requests.json); nothing else is sent. */
export const GEOREPORT_REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
] as const
/** Every field GeoReport v2 defines for a service (GET services.json). */
export const GEOREPORT_SERVICE_FIELDS = [
  'service_code',
  'service_name',
  'description',
  'metadata',
  'type',
  'keywords',
  'group',
] as const

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
    lat: z.number().min(-90).max(90).optional(),
    long: z.number().min(-180).max(180).optional(),
    media_url: z.string().url().optional(),
  })
  .strict()
export const Open311ListSchema = z.array(Open311RequestSchema)
export type Open311Request = z.infer<typeof Open311RequestSchema>

export const Open311ServiceSchema = z
  .object({
    service_code: z.enum(EVENT_CATEGORIES),
    service_name: z.string().min(1),
    description: z.string(),
    metadata: z.literal(false),
    type: z.literal('realtime'),
    keywords: z.string(),
    group: z.string(),
  })
  .strict()
export type Open311Service = z.infer<typeof Open311ServiceSchema>

/** The event categories as GeoReport v2 services. */
export function open311Services(): Open311Service[] {
  return EVENT_CATEGORIES.map((c) => ({
    service_code: c,
    service_name: CATEGORY_NAMES[c],
    description: CATEGORY_DESCRIPTIONS[c],
    metadata: false,
    type: 'realtime',
    keywords: CATEGORY_NAMES[c],
    group: '网格事件',
  }))
}

/** Where the compound is, for addresses: city/street address, compound name, optional position. */
export interface Open311Place {
  /** e.g. 河南省周口市川汇区… (the compound's registered address) */
  address?: string
  compound: string
  /** WGS84 of the compound (the building schematic has no geo position of its own) */
  location?: { lat: number; long: number }
}

export interface Open311Options {
  /** Absolute URL of an event's photo (only called for events that have one). */
  mediaUrl?: (eventId: string) => string
}

export function toOpen311(v: EventView, where: Open311Place | string = '', opts: Open311Options = {}): Open311Request {
  const place: Open311Place = typeof where === 'string' ? { compound: where } : where
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
    address: [place.address, place.compound, v.building ? `${v.building}号楼` : '', v.place].filter(Boolean).join(' '),
  }
  if (handled?.note) r.status_notes = handled.note
  if (v.assignee) r.agency_responsible = v.assignee.name
  if (!v.closed) r.expected_datetime = shanghaiIso(v.dueAt)
  if (place.location) {
    r.lat = place.location.lat
    r.long = place.location.long
  }
  if (v.photo && opts.mediaUrl) r.media_url = opts.mediaUrl(v.eventId)
  return r
}

export const open311Json = (events: readonly EventView[], where: Open311Place | string = ''): string =>
  JSON.stringify(
    events.map((v) => toOpen311(v, where)),
    null,
    2,
  )
