/**
 * 每户意见汇总表: one row per household on the roll (visited or not), as CSV in UTF-8 with a BOM
 * (Excel on Windows reads BOM-less UTF-8 as GBK and garbles Chinese), CRLF lines, cells starting
 * with = + - @ prefixed with ' so a spreadsheet never runs them as formulas.
 */
import { csvCell, csvText } from '../csv'
import type { VersionItem } from '../proposals/schema'
import type { CanvassSummary, HouseholdStatus } from './summary'
import type { Stance } from './schema'

const STATUS: Record<HouseholdStatus, string> = {
  visited: '已走访',
  refused: '拒绝',
  not_home: '不在家',
  unvisited: '未走访',
}
const STANCE: Record<Stance, string> = { support: '支持', oppose: '反对', none: '无意见' }

/** The shared writer (src/domain/csv.ts), re-exported for existing importers. */
export { csvCell }

/** "2025-03-01T02:05:00.000Z" → "2025-03-01 10:05" (Beijing time, UTC+8, no DST). */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

export function canvassCsv(summary: CanvassSummary, items: readonly VersionItem[]): string {
  const header = [
    '户号',
    '楼栋',
    '单元',
    '房号',
    '户主',
    '走访状态',
    '走访次数',
    '走访人',
    '最近走访时间',
    '见面人',
    ...items.map((it, i) => `${i + 1}. ${it.title}`),
    '建议',
    '备注',
    '签名',
    '意见不一致',
  ]
  const rows = summary.households.map((hc) => {
    const h = hc.household
    const last = hc.visits.at(-1)
    const counted = hc.counted
    const suggestions = hc.visits.flatMap((v) =>
      items.flatMap((it, i) => {
        const s = v.opinions[it.id]?.suggestion.trim()
        return s ? [`${i + 1}. ${it.title}：${s}（${v.visitorName}）`] : []
      }),
    )
    return [
      h.householdId,
      h.building,
      h.unit,
      h.flat,
      h.ownerName,
      STATUS[hc.status],
      hc.visits.length,
      [...new Set(hc.visits.map((v) => v.visitorName))].join('、'),
      last ? beijingTime(last.at) : '',
      counted?.metName ?? '',
      ...items.map((it) => {
        const st = counted?.opinions[it.id]?.stance
        return st ? STANCE[st] : ''
      }),
      suggestions.join('；'),
      hc.visits
        .map((v) => v.remark.trim())
        .filter(Boolean)
        .join('；'),
      hc.visits.some((v) => v.signature) ? '有' : '',
      hc.disagreeing ? '是' : '',
    ]
  })
  return csvText([header, ...rows])
}
