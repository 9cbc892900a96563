/**
 * Meeting commands over the meeting doc and the council's index doc. Each command is one
 * transaction with a typed origin so the audit trail tells a person's edit from a migration.
 * Commands that take a record typed in a form answer `Result<id, 'meeting.invalid'>` (src/domain/
 * result.ts; detail = the failing fields) and write nothing when refused; the others take only ids
 * and values the caller already holds and cannot refuse, so they return void.
 */
import * as Y from 'yjs'
import { byUser } from '../actor'
import { ok, parseAs, type Result } from '../result'
import {
  ActionItemSchema,
  AgendaItemSchema,
  DecisionSchema,
  InviteeSchema,
  ROOTS,
  SCHEMA_VERSION,
  SignInSchema,
  type ActionItem,
  type AgendaItem,
  type Decision,
  type Invitee,
  type MeetingMeta,
  type MeetingSummary,
  type SignIn,
} from './schema'
import {
  newActionItemId,
  newAgendaItemId,
  newDecisionId,
  newInviteeId,
  type ActionItemId,
  type AgendaItemId,
  type DecisionId,
  type InviteeId,
  type MeetingId,
} from './ids'

export type MeetingRefusal = 'meeting.invalid'
export type MeetingResult<T> = Result<T, MeetingRefusal>

export interface NewMeeting {
  meetingId: MeetingId
  councilId: string
  title: string
  startsAt: string
  place: string
  convener: string
}

/** Writes the meeting's meta and its entry in the index (two docs, two transactions). */
export function createMeeting(meeting: Y.Doc, index: Y.Doc, m: NewMeeting, userId: string, now: Date): void {
  meeting.transact(() => {
    const meta = meeting.getMap(ROOTS.meta)
    const value: MeetingMeta = { schemaVersion: SCHEMA_VERSION, ...m, createdBy: userId, createdAt: now.toISOString() }
    for (const [k, v] of Object.entries(value)) meta.set(k, v)
  }, byUser(userId))
  updateSummary(index, m.meetingId, { title: m.title, startsAt: m.startsAt, place: m.place, sealed: false }, userId)
}

export function updateSummary(index: Y.Doc, id: MeetingId, s: MeetingSummary, userId: string): void {
  index.transact(() => index.getMap(ROOTS.meetings).set(id, s), byUser(userId))
}

export function updateMeta(
  meeting: Y.Doc,
  patch: Partial<Pick<MeetingMeta, 'title' | 'startsAt' | 'place' | 'convener'>>,
  userId: string,
): void {
  meeting.transact(() => {
    const meta = meeting.getMap(ROOTS.meta)
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) meta.set(k, v)
  }, byUser(userId))
}

export function addAgendaItem(
  meeting: Y.Doc,
  item: AgendaItem,
  userId: string,
  id: AgendaItemId = newAgendaItemId(),
): MeetingResult<AgendaItemId> {
  const parsed = parseAs(AgendaItemSchema, item, 'meeting.invalid')
  if (!parsed.ok) return parsed
  const value = parsed.value
  meeting.transact(() => {
    meeting.getMap(ROOTS.agenda).set(id, value)
    meeting.getArray<string>(ROOTS.agendaOrder).push([id])
  }, byUser(userId))
  return ok(id)
}

export function removeAgendaItem(meeting: Y.Doc, id: AgendaItemId, userId: string): void {
  meeting.transact(() => {
    meeting.getMap(ROOTS.agenda).delete(id)
    const order = meeting.getArray<string>(ROOTS.agendaOrder)
    for (let i = order.length - 1; i >= 0; i--) if (order.get(i) === id) order.delete(i, 1)
  }, byUser(userId))
}

/** Moves an item by `delta` places. Concurrent moves can duplicate an id; readers keep the first. */
export function moveAgendaItem(meeting: Y.Doc, id: AgendaItemId, delta: number, userId: string): void {
  const order = meeting.getArray<string>(ROOTS.agendaOrder)
  const from = order.toArray().indexOf(id)
  if (from < 0) return
  const to = Math.max(0, Math.min(order.length - 1, from + delta))
  if (to === from) return
  meeting.transact(() => {
    order.delete(from, 1)
    order.insert(to, [id])
  }, byUser(userId))
}

export function addInvitee(
  meeting: Y.Doc,
  invitee: Invitee,
  userId: string,
  id: InviteeId = newInviteeId(),
): MeetingResult<InviteeId> {
  const parsed = parseAs(InviteeSchema, invitee, 'meeting.invalid')
  if (!parsed.ok) return parsed
  const value = parsed.value
  meeting.transact(() => meeting.getMap(ROOTS.invitees).set(id, value), byUser(userId))
  return ok(id)
}

export function removeInvitee(meeting: Y.Doc, id: InviteeId, userId: string): void {
  meeting.transact(() => {
    meeting.getMap(ROOTS.invitees).delete(id)
    meeting.getMap(ROOTS.signIns).delete(id)
  }, byUser(userId))
}

export function signIn(meeting: Y.Doc, id: InviteeId, s: SignIn, userId: string): MeetingResult<void> {
  const parsed = parseAs(SignInSchema, s, 'meeting.invalid')
  if (!parsed.ok) return parsed
  meeting.transact(() => meeting.getMap(ROOTS.signIns).set(id, parsed.value), byUser(userId))
  return ok()
}

export function undoSignIn(meeting: Y.Doc, id: InviteeId, userId: string): void {
  meeting.transact(() => meeting.getMap(ROOTS.signIns).delete(id), byUser(userId))
}

export function addDecision(
  meeting: Y.Doc,
  d: Decision,
  userId: string,
  id: DecisionId = newDecisionId(),
): MeetingResult<DecisionId> {
  const parsed = parseAs(DecisionSchema, d, 'meeting.invalid')
  if (!parsed.ok) return parsed
  const value = parsed.value
  meeting.transact(() => meeting.getMap(ROOTS.decisions).set(id, value), byUser(userId))
  return ok(id)
}

export function removeDecision(meeting: Y.Doc, id: DecisionId, userId: string): void {
  meeting.transact(() => meeting.getMap(ROOTS.decisions).delete(id), byUser(userId))
}

/**
 * Action items live in the index doc (council-wide follow-ups). Each is a Y.Map so that marking
 * one done on a tablet and correcting its due date on another both survive the merge.
 */
export function addActionItem(
  index: Y.Doc,
  a: ActionItem,
  userId: string,
  id: ActionItemId = newActionItemId(),
): MeetingResult<ActionItemId> {
  const parsed = parseAs(ActionItemSchema, a, 'meeting.invalid')
  if (!parsed.ok) return parsed
  const value = parsed.value
  index.transact(() => {
    const m = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(value)) if (v !== undefined) m.set(k, v)
    index.getMap(ROOTS.actions).set(id, m)
  }, byUser(userId))
  return ok(id)
}

export function setActionDone(index: Y.Doc, id: ActionItemId, done: boolean, userId: string, now: Date): void {
  const m = index.getMap(ROOTS.actions).get(id)
  if (!(m instanceof Y.Map)) return
  index.transact(() => {
    m.set('doneAt', done ? now.toISOString() : null)
    m.set('doneBy', done ? userId : null)
  }, byUser(userId))
}

/** Mirrors the seal into the meeting and the index so lists show it without opening the minutes. */
export function markSealed(
  meeting: Y.Doc,
  index: Y.Doc,
  id: MeetingId,
  sealedBy: string,
  sealedAt: string,
  userId: string,
): void {
  meeting.transact(() => {
    const meta = meeting.getMap(ROOTS.meta)
    meta.set('sealedAt', sealedAt)
    meta.set('sealedBy', sealedBy)
  }, byUser(userId))
  const cur = index.getMap(ROOTS.meetings).get(id) as MeetingSummary | undefined
  if (cur) updateSummary(index, id, { ...cur, sealed: true }, userId)
}
