/**
 * The committee's monthly mediation summary, from the redacted case list only (no personal data):
 * cases by type and status, success rate, average response time, follow-ups done on time.
 * A case belongs to the month it was reported in (Asia/Shanghai).
 */
import { csvText } from '../csv'
import { CASE_STATUSES, CASE_TYPES, type CaseStatus, type CaseType } from './schema'
import type { CaseSummary } from './caseList'
import { monthOf, shanghaiDay, type Day } from './time'

export interface MediationStats {
  month: string | null
  total: number
  byType: Record<CaseType, number>
  byStatus: Record<CaseStatus, number>
  /** cases with an agreement in effect */
  settled: number
  /** cases that ended without one */
  failed: number
  /** settled / (settled + failed); null when none concluded */
  successRate: number | null
  /** mean minutes from report to arrival on scene, over cases with both times */
  avgResponseMinutes: number | null
  /** follow-up slots due by `today`: done on time, and all */
  followUpsOnTime: number
  followUpsDue: number
}

export function computeStats(list: CaseSummary[], todayDay: Day, month: string | null): MediationStats {
  const cases = month ? list.filter((c) => monthOf(shanghaiDay(c.reportedAt)) === month) : list
  const byType = Object.fromEntries(CASE_TYPES.map((t) => [t, 0])) as Record<CaseType, number>
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>
  let settled = 0
  let failed = 0
  let respSum = 0
  let respN = 0
  let onTime = 0
  let due = 0
  for (const c of cases) {
    byType[c.type]++
    byStatus[c.status]++
    if (c.effectiveDay) settled++
    else if (c.status === 'failed' || c.status === 'closed') failed++
    if (c.arrivedAt !== null && c.arrivedAt >= c.reportedAt) {
      respSum += (c.arrivedAt - c.reportedAt) / 60_000
      respN++
    }
    const done = new Set(c.slotsDone)
    for (const d of c.slotDays) {
      if (done.has(d)) {
        onTime++
        due++
      } else if (d < todayDay) due++
    }
  }
  return {
    month,
    total: cases.length,
    byType,
    byStatus,
    settled,
    failed,
    successRate: settled + failed > 0 ? settled / (settled + failed) : null,
    avgResponseMinutes: respN > 0 ? respSum / respN : null,
    followUpsOnTime: onTime,
    followUpsDue: due,
  }
}

const pct = (r: number | null) => (r === null ? '' : `${(r * 100).toFixed(1)}%`)

/**
 * CSV (UTF-8 with BOM, so Excel on Chinese Windows opens it correctly): the summary figures, then
 * one line per case with only the list's non-personal fields.
 */
export function statsCsv(
  stats: MediationStats,
  cases: CaseSummary[],
  labels: {
    type: (t: CaseType) => string
    status: (s: CaseStatus) => string
    header: string[]
    figures: Record<string, string>
  },
): string {
  const lines: Array<Array<string | number>> = []
  const f = labels.figures
  lines.push([f.month ?? 'month', stats.month ?? ''])
  lines.push([f.total ?? 'total', stats.total])
  for (const t of CASE_TYPES) lines.push([labels.type(t), stats.byType[t]])
  for (const s of CASE_STATUSES) lines.push([labels.status(s), stats.byStatus[s]])
  lines.push([f.successRate ?? 'success rate', pct(stats.successRate)])
  lines.push([
    f.avgResponse ?? 'avg response (min)',
    stats.avgResponseMinutes === null ? '' : stats.avgResponseMinutes.toFixed(1),
  ])
  lines.push([f.followUps ?? 'follow-ups on time', `${stats.followUpsOnTime}/${stats.followUpsDue}`])
  lines.push([])
  lines.push(labels.header)
  const inMonth = stats.month ? cases.filter((c) => monthOf(shanghaiDay(c.reportedAt)) === stats.month) : cases
  for (const c of inMonth) {
    lines.push([
      c.caseId,
      labels.type(c.type),
      labels.status(c.status),
      shanghaiDay(c.reportedAt),
      c.arrivedAt !== null ? Math.round((c.arrivedAt - c.reportedAt) / 60_000) : '',
      c.effectiveDay ?? '',
      c.closedAt !== null ? shanghaiDay(c.closedAt) : '',
    ])
  }
  return csvText(lines)
}
