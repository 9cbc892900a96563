/**
 * The redacted case list `caselist:<councilId>`: one entry per case, readable by every mediator,
 * grid worker, the chair and admins, so each assignee's device learns which cases to open and the
 * committee sees due/overdue work and statistics offline — WITHOUT personal details.
 *
 *   Y.Map 'cases'  caseId → CaseSummary (plain record, strict schema: ids, enums, days, counts)
 *
 * The server validates every entry against `CaseSummarySchema` (strict: any extra field — a name,
 * a phone, a place — is refused) and lets a writer add or change only entries of cases they are
 * assigned to (server/access/rules/caseRules.ts). Entries are time-independent (due days, not
 * "overdue" flags), so they change only when the case does; overdue is computed by the reader.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { CASE_STATUSES, CASE_TYPES, URGENCIES, type CaseStatus, type CaseType, type Urgency } from './schema'
import type { CaseView } from './caseRead'
import { DAY_PATTERN, daysBetween, type Day } from './time'

const day = z.string().regex(DAY_PATTERN)
const ms = z.number().int().nonnegative()
const userId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

export const CaseSummarySchema = z
  .object({
    caseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    type: z.enum(CASE_TYPES),
    urgency: z.enum(URGENCIES),
    status: z.enum(CASE_STATUSES),
    assignees: z.array(userId).max(40),
    lead: userId.nullable(),
    createdAt: ms,
    reportedAt: ms,
    arrivedAt: ms.nullable(),
    closedAt: ms.nullable(),
    /** day the agreement took effect (all signed), if it has */
    effectiveDay: day.nullable(),
    /** due days of every follow-up slot, and of the slots done on time */
    slotDays: z.array(day).max(200),
    slotsDone: z.array(day).max(200),
    lastContactDay: day.nullable(),
    /** due days of agreed terms not yet performed (Art. 31) */
    termDays: z.array(day).max(100),
    planEnded: z.boolean(),
  })
  .strict()
export type CaseSummary = z.infer<typeof CaseSummarySchema>

export function summarize(v: CaseView): CaseSummary | null {
  const m = v.snap.meta
  if (!m) return null
  return {
    caseId: m.caseId,
    type: m.type,
    urgency: m.urgency,
    status: m.status,
    assignees: m.assignees,
    lead: m.lead,
    createdAt: m.createdAt,
    reportedAt: m.reportedAt,
    arrivedAt: m.arrivedAt,
    closedAt: m.closedAt,
    effectiveDay: v.effect.effectiveDay,
    slotDays: v.care.slots.map((s) => s.due),
    slotsDone: v.care.slots.filter((s) => s.state === 'done').map((s) => s.due),
    lastContactDay: v.snap.visits.at(-1)?.day ?? null,
    termDays: v.terms
      .filter((t) => t.state !== 'performed' && t.due !== null)
      .map((t) => t.due!)
      .sort(),
    planEnded: v.snap.plan?.endedDay != null,
  }
}

export function readCaseList(doc: Y.Doc): CaseSummary[] {
  const out: CaseSummary[] = []
  doc.getMap<unknown>('cases').forEach((v) => {
    const r = CaseSummarySchema.safeParse(v)
    if (r.success) out.push(r.data)
  })
  return out.sort((a, b) => b.reportedAt - a.reportedAt)
}

/** Writes the entry when it differs from what the list holds (idempotent; no churn). */
export function upsertSummary(doc: Y.Doc, s: CaseSummary): boolean {
  const cases = doc.getMap<unknown>('cases')
  if (JSON.stringify(cases.get(s.caseId)) === JSON.stringify(s)) return false
  cases.set(s.caseId, CaseSummarySchema.parse(s))
  return true
}

export interface Due {
  caseId: string
  type: CaseType
  urgency: Urgency
  status: CaseStatus
  kind: 'visit' | 'term'
  day: Day
  /** 0 = due today, > 0 days overdue */
  daysLate: number
}

/** Follow-up and term work due today or overdue for one list entry (same rules as carePlan.ts). */
export function dueWork(s: CaseSummary, todayDay: Day): Due[] {
  if (s.status === 'closed' || s.status === 'failed') return []
  const out: Due[] = []
  const base = { caseId: s.caseId, type: s.type, urgency: s.urgency, status: s.status }
  const done = new Set(s.slotsDone)
  const open = s.slotDays.filter(
    (d) => !done.has(d) && (s.lastContactDay === null || d > s.lastContactDay) && d <= todayDay,
  )
  const first = open[0]
  if (first) out.push({ ...base, kind: 'visit', day: first, daysLate: daysBetween(first, todayDay) })
  const term = s.termDays.find((d) => d <= todayDay)
  if (term) out.push({ ...base, kind: 'term', day: term, daysLate: daysBetween(term, todayDay) })
  return out
}

export const isMine = (s: CaseSummary, userId: string): boolean => s.assignees.includes(userId)
