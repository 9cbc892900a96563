/**
 * Reading and writing a case doc (schema.ts). Reads validate every record and skip bad ones (a
 * newer or broken client cannot crash the view); writes are commands, each one transaction.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { newId } from '../ids'
import {
  CASE_SCHEMA_VERSION,
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
  type CaseId,
  type CaseStatus,
  type CaseType,
  type MediationSession,
  type Participant,
  type Party,
  type Phase,
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
import { isDay, shanghaiDay, type Clock, type Day } from './time'

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

function readMeta(doc: Y.Doc): CaseMeta | null {
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

function readPlan(doc: Y.Doc): Plan | null {
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

// ---------------------------------------------------------------- commands

export class CaseWriteError extends Error {}

function writable(doc: Y.Doc): void {
  const v = doc.getMap('meta').get('schemaVersion')
  if (typeof v === 'number' && v > CASE_SCHEMA_VERSION)
    throw new CaseWriteError('case written by a newer version of the app')
}

function event(doc: Y.Doc, kind: CaseEvent['kind'], by: string, at: number, note = ''): void {
  const id = newId('e')
  doc.getMap('events').set(id, CaseEventSchema.parse({ id, at, kind, by, note }))
}

export interface IntakeInput {
  type: CaseType
  urgency: Urgency
  place: Place
  description: string
  reportedAt: number
  arrivedAt: number | null
  parties: Party[]
}

/** A new case, assigned to its creator (the server only lets assignees in). */
export function createCase(
  doc: Y.Doc,
  councilId: string,
  caseId: CaseId,
  input: IntakeInput,
  by: { userId: string; name: string },
  clock: Clock,
): void {
  const now = clock()
  doc.transact(() => {
    const m = doc.getMap('meta')
    m.set('schemaVersion', CASE_SCHEMA_VERSION)
    m.set('caseId', caseId)
    m.set('councilId', councilId)
    m.set('createdBy', by.userId)
    m.set('createdAt', now)
    m.set('assignees', [by.userId])
    m.set('names', { [by.userId]: by.name })
    m.set('lead', null)
    m.set('leadName', '')
    m.set('status', 'open')
    writeIntake(doc, input)
    for (const p of input.parties) doc.getMap('parties').set(p.id, PartySchema.parse(p))
    event(doc, 'opened', by.userId, now)
  })
}

export function writeIntake(doc: Y.Doc, input: Omit<IntakeInput, 'parties'>): void {
  writable(doc)
  doc.transact(() => {
    const m = doc.getMap('meta')
    m.set('type', input.type)
    m.set('urgency', input.urgency)
    m.set('place', PlaceSchema.parse(input.place))
    m.set('description', input.description)
    m.set('reportedAt', input.reportedAt)
    m.set('arrivedAt', input.arrivedAt)
  })
}

/**
 * A party's particulars are part of what was signed: changing them (or removing a party) voids the
 * signatures and an 'agreed' case goes back to 'mediating' (`settleAgreed`).
 */
export function putParty(doc: Y.Doc, p: Party, by = '', at = Date.now()): void {
  writable(doc)
  doc.transact(() => {
    doc.getMap('parties').set(p.id, PartySchema.parse(p))
    settleAgreed(doc, by, at)
  })
}

export function removeParty(doc: Y.Doc, id: string, by = '', at = Date.now()): void {
  writable(doc)
  doc.transact(() => {
    doc.getMap('parties').delete(id)
    settleAgreed(doc, by, at)
  })
}

/** An 'agreed' case whose agreement is no longer in effect (its signed text changed) is mediated again. */
function settleAgreed(doc: Y.Doc, by: string, at: number): void {
  const m = doc.getMap('meta')
  if (m.get('status') !== 'agreed') return
  if (viewCase(readCase(doc), shanghaiDay(at)).effect.effective) return
  m.set('status', 'mediating')
  event(doc, 'status', by, at, 'agreement changed after signing: signatures void, back to mediating')
}

export function putParticipant(doc: Y.Doc, p: Participant): void {
  writable(doc)
  doc.getMap('participants').set(p.id, ParticipantSchema.parse(p))
}

export function removeParticipant(doc: Y.Doc, id: string): void {
  writable(doc)
  doc.getMap('participants').delete(id)
}

/**
 * Replaces the assignee list. The writer keeps themselves on it unless they are chair/admin
 * (`mayDropSelf`): the server refuses an update that removes the writer's own assignment.
 */
export function setAssignees(
  doc: Y.Doc,
  people: Array<{ userId: string; name: string }>,
  by: string,
  clock: Clock,
  mayDropSelf = false,
): void {
  writable(doc)
  const ids = people.map((p) => p.userId)
  const next = [...new Set(mayDropSelf || ids.includes(by) ? ids : [...ids, by])]
  const meta = readMeta(doc)
  const before = meta?.assignees ?? []
  const names: Record<string, string> = {}
  for (const id of next) names[id] = people.find((p) => p.userId === id)?.name ?? meta?.names[id] ?? ''
  doc.transact(() => {
    doc.getMap('meta').set('assignees', next)
    doc.getMap('meta').set('names', names)
    const added = next.filter((i) => !before.includes(i))
    const removed = before.filter((i) => !next.includes(i))
    if (added.length) event(doc, 'assigned', by, clock(), added.join(','))
    if (removed.length) event(doc, 'unassigned', by, clock(), removed.join(','))
    const lead = doc.getMap('meta').get('lead')
    if (typeof lead === 'string' && !next.includes(lead)) {
      doc.getMap('meta').set('lead', null)
      doc.getMap('meta').set('leadName', '')
    }
  })
}

export function setLead(doc: Y.Doc, userId: string | null, name: string): void {
  writable(doc)
  doc.transact(() => {
    doc.getMap('meta').set('lead', userId)
    doc.getMap('meta').set('leadName', userId ? name : '')
  })
}

export function addSession(doc: Y.Doc, s: Omit<MediationSession, 'id'>): string {
  writable(doc)
  const id = newId('s')
  doc.transact(() => {
    doc.getMap('sessions').set(id, SessionSchema.parse({ ...s, id }))
    if (doc.getMap('meta').get('status') === 'open') doc.getMap('meta').set('status', 'mediating')
  })
  return id
}

/**
 * Saves the agreement text; signatures given on an earlier text no longer count (agreement.ts), and
 * an 'agreed' case whose agreement thereby stops being in effect goes back to 'mediating'.
 */
export function setAgreement(doc: Y.Doc, a: AgreementText, by = '', at = Date.now()): void {
  writable(doc)
  const terms = a.terms.map((t) => TermSchema.parse(t))
  doc.transact(() => {
    const m = doc.getMap('agreement')
    m.set('kind', a.kind)
    m.set('facts', a.facts)
    m.set('issues', a.issues)
    m.set('responsibility', a.responsibility)
    m.set('oralRecord', a.oralRecord)
    m.set('terms', terms)
    if (doc.getMap('meta').get('status') === 'open') doc.getMap('meta').set('status', 'mediating')
    settleAgreed(doc, by, at)
  })
}

/**
 * Records a signature. When it is the last one needed, the case becomes 'agreed' and (unless a plan
 * exists) the default care plan starts on the effective day.
 */
export function sign(doc: Y.Doc, s: Signature): void {
  writable(doc)
  doc.transact(() => {
    doc.getMap('signatures').set(s.signer, SignatureSchema.parse(s))
    const v = viewCase(readCase(doc), shanghaiDay(s.at))
    if (v.effect.effective) {
      const m = doc.getMap('meta')
      if (m.get('status') === 'open' || m.get('status') === 'mediating') m.set('status', 'agreed')
      if (!readPlan(doc)) setPlan(doc, { startDay: v.effect.effectiveDay!, phases: DEFAULT_PHASES, endedDay: null })
    }
  })
}

export function checkTerm(doc: Y.Doc, c: TermCheck): void {
  writable(doc)
  doc.getMap('performance').set(c.termId, TermCheckSchema.parse(c))
}

export function setPlan(doc: Y.Doc, plan: Pick<Plan, 'startDay' | 'phases'> & Partial<Plan>): void {
  writable(doc)
  if (!isDay(plan.startDay)) throw new CaseWriteError('bad start day')
  const phases: Phase[] = plan.phases.map((p) => PhaseSchema.parse(p))
  doc.transact(() => {
    const m = doc.getMap('plan')
    m.set('startDay', plan.startDay)
    m.set('phases', phases)
    if (!m.has('endedDay')) m.set('endedDay', null)
  })
}

export function endPlan(doc: Y.Doc, day: Day, reason: string, by: string, clock: Clock): void {
  writable(doc)
  if (!reason.trim()) throw new CaseWriteError('a reason is required to end the plan')
  doc.transact(() => {
    doc.getMap('plan').set('endedDay', day)
    doc.getMap('plan').set('endReason', reason.trim())
    event(doc, 'plan-ended', by, clock(), reason.trim())
  })
}

export function addVisit(doc: Y.Doc, v: Omit<Visit, 'id'>): string {
  writable(doc)
  const id = newId('v')
  doc.getMap('visits').set(id, VisitSchema.parse({ ...v, id }))
  return id
}

export function markFailed(doc: Y.Doc, reason: string, by: string, clock: Clock): void {
  writable(doc)
  doc.transact(() => {
    doc.getMap('meta').set('status', 'failed')
    event(doc, 'status', by, clock(), reason)
  })
}

/** Closes the case when viewCase says it may be closed; returns false (and writes nothing) otherwise. */
export function closeCase(doc: Y.Doc, reason: string, by: string, clock: Clock): boolean {
  writable(doc)
  const v = viewCase(readCase(doc), shanghaiDay(clock()))
  if (!v.closable.ok) return false
  doc.transact(() => {
    const m = doc.getMap('meta')
    m.set('status', 'closed')
    m.set('closedAt', clock())
    m.set('closeReason', reason)
    event(doc, 'closed', by, clock(), reason)
  })
  return true
}

/**
 * The dispute flared up again: back to mediation. The agreement and its signatures stay (history);
 * a new agreement text needs new signatures. The care plan restarts from today (daily contact again).
 */
export function reopenCase(doc: Y.Doc, reason: string, by: string, clock: Clock): void {
  writable(doc)
  if (doc.getMap('meta').get('status') !== 'closed') throw new CaseWriteError('only a closed case can be reopened')
  if (!reason.trim()) throw new CaseWriteError('a reason is required to reopen')
  doc.transact(() => {
    const m = doc.getMap('meta')
    m.set('status', 'mediating')
    m.set('closedAt', null)
    m.set('closeReason', '')
    event(doc, 'reopened', by, clock(), reason.trim())
    const plan = readPlan(doc)
    if (plan) {
      doc.getMap('plan').set('startDay', shanghaiDay(clock()))
      doc.getMap('plan').set('endedDay', null)
      doc.getMap('plan').set('endReason', '')
    }
  })
}
