/**
 * Commands on a case doc from intake to closing, each one transaction. A refusal (src/domain/result.ts,
 * codes in caseWrite.ts) writes nothing: every check and every parse of the input runs before the
 * transaction opens; the mediation views translate the codes (src/ui/mediation/refusals.ts). Follow-up
 * care (plan, visits, term checks) is in careCommands.ts.
 */
import type * as Y from 'yjs'
import { newId } from '../ids'
import { fail, ok } from '../result'
import { event, parseAll, parseOne, writable, writePlan, type CaseResult } from './caseWrite'
import {
  CASE_SCHEMA_VERSION,
  ParticipantSchema,
  PartySchema,
  PlaceSchema,
  SessionSchema,
  SignatureSchema,
  TermSchema,
  type CaseId,
  type CaseType,
  type MediationSession,
  type Participant,
  type Party,
  type Place,
  type Signature,
  type Urgency,
} from './schema'
import type { AgreementText } from './agreement'
import { DEFAULT_PHASES } from './carePlan'
import { readCase, readMeta, readPlan, viewCase, type CaseView } from './caseRead'
import { shanghaiDay, type Clock } from './time'

export type { CaseRefusal, CaseResult } from './caseWrite'

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
): CaseResult {
  const place = parseOne(PlaceSchema, input.place)
  if (!place.ok) return place
  const parties = parseAll(PartySchema, input.parties)
  if (!parties.ok) return parties
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
    intake(doc, input, place.value)
    for (const p of parties.value) doc.getMap('parties').set(p.id, p)
    event(doc, 'opened', by.userId, now)
  })
  return ok()
}

function intake(doc: Y.Doc, input: Omit<IntakeInput, 'parties'>, place: Place): void {
  const m = doc.getMap('meta')
  m.set('type', input.type)
  m.set('urgency', input.urgency)
  m.set('place', place)
  m.set('description', input.description)
  m.set('reportedAt', input.reportedAt)
  m.set('arrivedAt', input.arrivedAt)
}

export function writeIntake(doc: Y.Doc, input: Omit<IntakeInput, 'parties'>): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  const place = parseOne(PlaceSchema, input.place)
  if (!place.ok) return place
  doc.transact(() => intake(doc, input, place.value))
  return ok()
}

/**
 * A party's particulars are part of what was signed: changing them (or removing a party) voids the
 * signatures and an 'agreed' case goes back to 'mediating' (`settleAgreed`).
 */
export function putParty(doc: Y.Doc, p: Party, by = '', at = Date.now()): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  const party = parseOne(PartySchema, p)
  if (!party.ok) return party
  doc.transact(() => {
    doc.getMap('parties').set(p.id, party.value)
    settleAgreed(doc, by, at)
  })
  return ok()
}

export function removeParty(doc: Y.Doc, id: string, by = '', at = Date.now()): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  doc.transact(() => {
    doc.getMap('parties').delete(id)
    settleAgreed(doc, by, at)
  })
  return ok()
}

/** An 'agreed' case whose agreement is no longer in effect (its signed text changed) is mediated again. */
function settleAgreed(doc: Y.Doc, by: string, at: number): void {
  const m = doc.getMap('meta')
  if (m.get('status') !== 'agreed') return
  if (viewCase(readCase(doc), shanghaiDay(at)).effect.effective) return
  m.set('status', 'mediating')
  event(doc, 'status', by, at, 'agreement changed after signing: signatures void, back to mediating')
}

export function putParticipant(doc: Y.Doc, p: Participant): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  const participant = parseOne(ParticipantSchema, p)
  if (!participant.ok) return participant
  doc.getMap('participants').set(p.id, participant.value)
  return ok()
}

export function removeParticipant(doc: Y.Doc, id: string): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  doc.getMap('participants').delete(id)
  return ok()
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
): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
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
  return ok()
}

export function setLead(doc: Y.Doc, userId: string | null, name: string): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  doc.transact(() => {
    doc.getMap('meta').set('lead', userId)
    doc.getMap('meta').set('leadName', userId ? name : '')
  })
  return ok()
}

/** Records a session; the value is its id. An 'open' case is now being mediated. */
export function addSession(doc: Y.Doc, s: Omit<MediationSession, 'id'>): CaseResult<string> {
  const refused = writable(doc)
  if (refused) return refused
  const id = newId('s')
  const session = parseOne(SessionSchema, { ...s, id })
  if (!session.ok) return session
  doc.transact(() => {
    doc.getMap('sessions').set(id, session.value)
    if (doc.getMap('meta').get('status') === 'open') doc.getMap('meta').set('status', 'mediating')
  })
  return ok(id)
}

/**
 * Saves the agreement text; signatures given on an earlier text no longer count (agreement.ts), and
 * an 'agreed' case whose agreement thereby stops being in effect goes back to 'mediating'.
 */
export function setAgreement(doc: Y.Doc, a: AgreementText, by = '', at = Date.now()): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  const terms = parseAll(TermSchema, a.terms)
  if (!terms.ok) return terms
  doc.transact(() => {
    const m = doc.getMap('agreement')
    m.set('kind', a.kind)
    m.set('facts', a.facts)
    m.set('issues', a.issues)
    m.set('responsibility', a.responsibility)
    m.set('oralRecord', a.oralRecord)
    m.set('terms', terms.value)
    if (doc.getMap('meta').get('status') === 'open') doc.getMap('meta').set('status', 'mediating')
    settleAgreed(doc, by, at)
  })
  return ok()
}

/**
 * Records a signature. When it is the last one needed, the case becomes 'agreed' and (unless a plan
 * exists) the default care plan starts on the effective day.
 */
export function sign(doc: Y.Doc, s: Signature): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  const signature = parseOne(SignatureSchema, s)
  if (!signature.ok) return signature
  doc.transact(() => {
    doc.getMap('signatures').set(s.signer, signature.value)
    const v = viewCase(readCase(doc), shanghaiDay(s.at))
    if (v.effect.effective) {
      const m = doc.getMap('meta')
      if (m.get('status') === 'open' || m.get('status') === 'mediating') m.set('status', 'agreed')
      if (!readPlan(doc)) writePlan(doc, v.effect.effectiveDay!, DEFAULT_PHASES)
    }
  })
  return ok()
}

export function markFailed(doc: Y.Doc, reason: string, by: string, clock: Clock): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  if (!reason.trim()) return fail('case.reason_required')
  doc.transact(() => {
    doc.getMap('meta').set('status', 'failed')
    event(doc, 'status', by, clock(), reason.trim())
  })
  return ok()
}

/** Closes the case when viewCase says it may be closed; refused (nothing written) otherwise. */
export function closeCase(doc: Y.Doc, reason: string, by: string, clock: Clock): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  const v: CaseView = viewCase(readCase(doc), shanghaiDay(clock()))
  if (!v.closable.ok) return fail('case.not_closable', v.closable.reason)
  doc.transact(() => {
    const m = doc.getMap('meta')
    m.set('status', 'closed')
    m.set('closedAt', clock())
    m.set('closeReason', reason)
    event(doc, 'closed', by, clock(), reason)
  })
  return ok()
}

/**
 * The dispute flared up again: back to mediation. The agreement and its signatures stay (history);
 * a new agreement text needs new signatures. The care plan restarts from today (daily contact again).
 */
export function reopenCase(doc: Y.Doc, reason: string, by: string, clock: Clock): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  if (doc.getMap('meta').get('status') !== 'closed') return fail('case.not_closed')
  if (!reason.trim()) return fail('case.reason_required')
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
  return ok()
}
