/**
 * The events of an org node's subtree as CSV for people (the project's one CSV writer, Chinese
 * headers and labels, Beijing time), from the read-model rows: no personal data — no reporter,
 * assignee, title, description or place, only the council's name, codes as words and times.
 */
import { beijingTime, toCsv } from '../../src/domain/exports/csv'
import { label } from '../../src/domain/exports/labels'
import type { EventRow } from './rows'

export const ORG_EVENT_CSV_HEADER = [
  '议事会',
  '类别',
  '状态',
  '层级',
  '上报时间',
  '分派时间',
  '办结期限',
  '办结时间',
  '当日办结',
  '评价时间',
  '满意度',
  '上报上级次数',
] as const

export function orgEventsCsv(events: readonly EventRow[], councilName: (id: string) => string): string {
  return toCsv(
    ORG_EVENT_CSV_HEADER,
    events.map((e) => [
      councilName(e.councilId),
      label('eventCategory', e.category),
      label('eventStatus', e.status),
      label('gridLevel', e.level),
      beijingTime(e.reportedAt),
      beijingTime(e.assignedAt),
      beijingTime(e.dueAt),
      beijingTime(e.handledAt),
      e.sameDay ? '是' : '否',
      beijingTime(e.ratedAt),
      e.satisfaction ?? '',
      e.escalations,
    ]),
  )
}
