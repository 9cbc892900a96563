/**
 * The mediation case document `case:<councilId>:<caseId>` (version 1) and its records.
 *
 *   Y.Map 'meta'          schemaVersion, caseId, councilId, createdBy, createdAt, assignees (user ids,
 *                         the server's read gate), lead (user id), type, urgency, status, place,
 *                         description, reportedAt, arrivedAt, closedAt, closeReason
 *   Y.Map 'parties'       partyId → Party            (plain records, replaced whole)
 *   Y.Map 'participants'  participantId → Participant (people from other bodies: 联动调解)
 *   Y.Map 'sessions'      sessionId → Session        (the mediation timeline)
 *   Y.Map 'events'        eventId → CaseEvent        (opened, assigned, closed, reopened…)
 *   Y.Map 'agreement'     kind, facts, issues, responsibility, terms (Term[]), oralRecord, updatedAt
 *   Y.Map 'signatures'    signerKey → Signature      (bound to the agreement text by `textHash`)
 *   Y.Map 'performance'   termId → TermCheck         (Art. 31 supervision of performance)
 *   Y.Map 'plan'          startDay, phases (Phase[]), endedAt, endReason
 *   Y.Map 'visits'        visitId → Visit            (follow-up care)
 *
 * The whole doc is confidential (only assignees, chair, admins can open it), so it holds full
 * phone numbers for the mediators' calls; every view masks them (mask.ts). Nothing from here is
 * copied into the shared case list except the redacted summary of caseList.ts.
 */
import { z } from 'zod'
import { newReadableId } from '../ids'
import { DAY_PATTERN } from './time'
import { DOC_KINDS } from '../docTypes'

export const CASE_SCHEMA_VERSION = DOC_KINDS.case.schemaVersion
const ID = /^[A-Za-z0-9_-]{1,64}$/

declare const caseIdBrand: unique symbol
export type CaseId = string & { readonly [caseIdBrand]: true }

export const newCaseId = (): CaseId => newReadableId('k') as CaseId
export const asCaseId = (s: string): CaseId | null => (ID.test(s) ? (s as CaseId) : null)

export const CASE_TYPES = ['noise', 'water', 'parking', 'stall', 'family', 'property_fee', 'other'] as const
export type CaseType = (typeof CASE_TYPES)[number]
export const URGENCIES = ['normal', 'urgent', 'critical'] as const
export type Urgency = (typeof URGENCIES)[number]
/**
 * open → mediating → agreed (agreement effective; follow-up care) → closed; or mediating → failed
 * (no agreement; referred elsewhere) → closed. A closed case can be reopened (→ mediating).
 */
export const CASE_STATUSES = ['open', 'mediating', 'agreed', 'failed', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]
export const PARTY_ROLES = ['applicant', 'respondent', 'other'] as const
export const ORGS = ['judicial', 'health', 'police', 'property', 'grid', 'committee', 'other'] as const
export type Org = (typeof ORGS)[number]
export const VISIT_HOWS = ['visit', 'phone', 'wechat'] as const
export const VISIT_STATES = ['stable', 'improving', 'tense', 'flared'] as const

const text = (max: number) => z.string().max(max)
const day = z.string().regex(DAY_PATTERN)
const ms = z.number().int().nonnegative()

export const PlaceSchema = z
  .object({
    building: text(8),
    flat: text(16),
    text: text(200),
    grid: text(60),
  })
  .strict()
export type Place = z.infer<typeof PlaceSchema>

export const PartySchema = z
  .object({
    id: z.string().regex(ID),
    name: z.string().min(1).max(60),
    role: z.enum(PARTY_ROLES),
    phone: text(20),
    idNumber: text(18),
    relationship: text(60),
    address: text(120),
  })
  .strict()
export type Party = z.infer<typeof PartySchema>

export const ParticipantSchema = z
  .object({
    id: z.string().regex(ID),
    name: z.string().min(1).max(60),
    org: z.enum(ORGS),
    orgName: text(80),
    userId: z.string().max(64).nullable(),
  })
  .strict()
export type Participant = z.infer<typeof ParticipantSchema>

export const SessionSchema = z
  .object({
    id: z.string().regex(ID),
    at: ms,
    place: text(120),
    attendees: z.array(z.string().max(60)).max(40),
    said: text(4000),
    outcome: text(1000),
    recordedBy: z.string().max(64),
  })
  .strict()
export type MediationSession = z.infer<typeof SessionSchema>

export const CaseEventSchema = z
  .object({
    id: z.string().regex(ID),
    at: ms,
    kind: z.enum(['opened', 'assigned', 'unassigned', 'status', 'closed', 'reopened', 'plan-ended', 'export']),
    by: z.string().max(64),
    note: text(500),
  })
  .strict()
export type CaseEvent = z.infer<typeof CaseEventSchema>

/** A term's deadline: a fixed day, or a number of days after the agreement takes effect. */
export const TermDueSchema = z.union([
  z.object({ kind: z.literal('date'), day }).strict(),
  z.object({ kind: z.literal('days'), days: z.number().int().min(0).max(3650) }).strict(),
  z.object({ kind: z.literal('on-signing') }).strict(),
])
export type TermDue = z.infer<typeof TermDueSchema>

export const TermSchema = z
  .object({
    id: z.string().regex(ID),
    /** party id who performs it, or '' for all parties */
    party: z.string().max(64),
    text: z.string().min(1).max(1000),
    how: text(500),
    due: TermDueSchema,
  })
  .strict()
export type Term = z.infer<typeof TermSchema>

export const SignatureSchema = z
  .object({
    /** party id, `mediator:<userId>`, or `seal:committee` (the committee's seal, Art. 29) */
    signer: z.string().max(80),
    name: z.string().min(1).max(60),
    kind: z.enum(['party', 'mediator', 'seal']),
    /** handwriting on the tablet, a fingerprint pressed on the paper copy (按指印), or the seal applied */
    method: z.enum(['handwriting', 'fingerprint', 'seal']),
    /** SVG path data of the handwritten signature ('' for fingerprint) */
    path: z.string().max(60_000),
    at: ms,
    textHash: z.string().max(32),
  })
  .strict()
export type Signature = z.infer<typeof SignatureSchema>

export const TermCheckSchema = z
  .object({
    termId: z.string().regex(ID),
    performed: z.boolean(),
    day,
    by: z.string().max(64),
    note: text(500),
  })
  .strict()
export type TermCheck = z.infer<typeof TermCheckSchema>

export const PhaseSchema = z
  .object({
    unit: z.enum(['day', 'week', 'month']),
    count: z.number().int().min(0).max(60),
  })
  .strict()
export type Phase = z.infer<typeof PhaseSchema>

export const VisitSchema = z
  .object({
    id: z.string().regex(ID),
    day,
    at: ms,
    by: z.string().max(64),
    byName: text(60),
    how: z.enum(VISIT_HOWS),
    state: z.enum(VISIT_STATES),
    notes: text(2000),
    /** 1 (very unsatisfied) … 5 (very satisfied); 0 = not asked */
    satisfaction: z.number().int().min(0).max(5),
  })
  .strict()
export type Visit = z.infer<typeof VisitSchema>
