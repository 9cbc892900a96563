/**
 * Reading a case doc (schema.ts) and what the views derive from it. Reads validate every record and
 * skip bad ones (a newer or broken client cannot crash the view). The commands are in caseCommands.ts.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import {
  CASE_STATUSES,
  CASE_TYPES,
  CaseEventSchema,
  ParticipantSchema,
  PartySchema,
  PhaseSchema,
  PlaceSchema,
  SessionSchema,
  SignatureSchema,
  TermCheckSchema,
  TermSchema,
  URGENCIES,
  VisitSchema,
  type CaseEvent,
  type CaseStatus,
  type CaseType,
  type MediationSession,
  type Participant,
  type Party,
  type Place,
  type Signature,
  type TermCheck,
  type Urgency,
  type Visit,
} from './schema'
import {
  agreementEffect,
  allTermsPerformed,
  requiredSigners,
  termStatuses,
  type AgreementText,
  type Effect,
  type TermStatus,
} from './agreement'
import { careStatus, DEFAULT_PHASES, type CareStatus, type Plan } from './carePlan'
import { isDay, type Day } from './time'

export interface CaseMeta {
  schemaVersion: number
  caseId: string
  councilId: string
  createdBy: string
  createdAt: number
  assignees: string[]
  /** display names of assignees, for offline views */
  names: Record<string, string>
  lead: string | null
  leadName: string
  type: CaseType
  urgency: Urgency
  status: CaseStatus
  place: Place
  description: string
  reportedAt: number
  arrivedAt: number | null
  closedAt: number | null
  closeReason: string
}

export interface CaseSnapshot {
  meta: CaseMeta | null
  parties: Party[]
  participants: Participant[]
  sessions: MediationSession[]
  events: CaseEvent[]
  agreement: AgreementText
  signatures: Signature[]
  checks: TermCheck[]
  plan: Plan | null
  planEndReason: string
  visits: Visit[]
}

const records = <T>(doc: Y.Doc, name: string, schema: z.ZodType<T>): T[] => {
  const out: T[] = []
  doc.getMap<unknown>(name).forEach((v) => {
    const r = schema.safeParse(v)
    if (r.success) out.push(r.data)
  })
  return out
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function readMeta(doc: Y.Doc): CaseMeta | null {
  const m = doc.getMap<unknown>('meta')
  if (typeof m.get('caseId') !== 'string') return null
  const assignees = m.get('assignees')
  const place = PlaceSchema.safeParse(m.get('place'))
  const type = m.get('type')
  const urgency = m.get('urgency')
  const status = m.get('status')
  return {
    schemaVersion: num(m.get('schemaVersion')) ?? 1,
    caseId: str(m.get('caseId')),
    councilId: str(m.get('councilId')),
    createdBy: str(m.get('createdBy')),
    createdAt: num(m.get('createdAt')) ?? 0,
    assignees: Array.isArray(assignees) ? assignees.filter((a): a is string => typeof a === 'string') : [],
    names: z
      .record(z.string(), z.string())
      .catch({})
      .parse(m.get('names') ?? {}),
    lead: typeof m.get('lead') === 'string' ? (m.get('lead') as string) : null,
    leadName: str(m.get('leadName')),
    type: (CASE_TYPES as readonly unknown[]).includes(type) ? (type as CaseType) : 'other',
    urgency: (URGENCIES as readonly unknown[]).includes(urgency) ? (urgency as Urgency) : 'normal',
    status: (CASE_STATUSES as readonly unknown[]).includes(status) ? (status as CaseStatus) : 'open',
    place: place.success ? place.data : { building: '', flat: '', text: '', grid: '' },
    description: str(m.get('description')),
    reportedAt: num(m.get('reportedAt')) ?? 0,
    arrivedAt: num(m.get('arrivedAt')),
    closedAt: num(m.get('closedAt')),
    closeReason: str(m.get('closeReason')),
  }
}

function readAgreement(doc: Y.Doc): AgreementText {
  const a = doc.getMap<unknown>('agreement')
  const terms = z.array(TermSchema).safeParse(a.get('terms'))
  return {
    kind: a.get('kind') === 'oral' ? 'oral' : 'written',
    facts: str(a.get('facts')),
    issues: str(a.get('issues')),
    responsibility: str(a.get('responsibility')),
    terms: terms.success ? terms.data : [],
    oralRecord: str(a.get('oralRecord')),
  }
}

export function readPlan(doc: Y.Doc): Plan | null {
  const p = doc.getMap<unknown>('plan')
  const startDay = p.get('startDay')
  if (!isDay(startDay)) return null
  const phases = z.array(PhaseSchema).safeParse(p.get('phases'))
  const ended = p.get('endedDay')
  return { startDay, phases: phases.success ? phases.data : DEFAULT_PHASES, endedDay: isDay(ended) ? ended : null }
}

export function readCase(doc: Y.Doc): CaseSnapshot {
  return {
    meta: readMeta(doc),
    parties: records(doc, 'parties', PartySchema),
    participants: records(doc, 'participants', ParticipantSchema),
    sessions: records(doc, 'sessions', SessionSchema).sort((a, b) => a.at - b.at),
    events: records(doc, 'events', CaseEventSchema).sort((a, b) => a.at - b.at),
    agreement: readAgreement(doc),
    signatures: records(doc, 'signatures', SignatureSchema),
    checks: records(doc, 'performance', TermCheckSchema),
    plan: readPlan(doc),
    planEndReason: str(doc.getMap('plan').get('endReason')),
    visits: records(doc, 'visits', VisitSchema).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.at - b.at)),
  }
}

/** Everything the views need, derived for one "today". */
export interface CaseView {
  snap: CaseSnapshot
  effect: Effect
  terms: TermStatus[]
  care: CareStatus
  closable: { ok: boolean; reason: 'ok' | 'terms' | 'plan' | 'no-outcome' }
}

export function viewCase(snap: CaseSnapshot, todayDay: Day): CaseView {
  const meta = snap.meta
  const required = requiredSigners(
    snap.parties,
    meta?.lead ? { userId: meta.lead, name: meta.leadName } : null,
    snap.agreement.kind,
  )
  const effect = agreementEffect(snap.agreement, snap.signatures, required, snap.parties)
  const terms = termStatuses(snap.agreement.terms, snap.checks, effect.effectiveDay, todayDay)
  const care = careStatus(snap.plan, snap.visits, todayDay)
  let closable: CaseView['closable']
  if (meta?.status === 'failed') closable = { ok: true, reason: 'ok' }
  else if (!effect.effective) closable = { ok: false, reason: 'no-outcome' }
  else if (!allTermsPerformed(terms)) closable = { ok: false, reason: 'terms' }
  else if (!care.complete) closable = { ok: false, reason: 'plan' }
  else closable = { ok: true, reason: 'ok' }
  return { snap, effect, terms, care, closable }
}
