/** Read models of a meeting doc: what the views render and what a seal freezes. */
import type * as Y from 'yjs'
import {
  ActionItemSchema,
  AgendaItemSchema,
  DecisionSchema,
  InviteeSchema,
  MeetingMetaSchema,
  MeetingSummarySchema,
  ROOTS,
  SignInSchema,
  validEntries,
  type ActionItem,
  type AgendaItem,
  type Decision,
  type Invitee,
  type MeetingMeta,
  type MeetingSummary,
  type SignIn,
} from './schema'

export interface AgendaEntry extends AgendaItem {
  id: string
}
export interface Attendee extends Invitee {
  id: string
  signIn: SignIn | null
}
export interface DecisionEntry extends Decision {
  id: string
}
export interface ActionEntry extends ActionItem {
  id: string
}

export interface MeetingView {
  meta: MeetingMeta | null
  agenda: AgendaEntry[]
  attendees: Attendee[]
  decisions: DecisionEntry[]
}

/** Agenda in order: first occurrence of each id wins; items missing from the order come last. */
export function readAgenda(doc: Y.Doc): AgendaEntry[] {
  const { items } = validEntries(doc.getMap(ROOTS.agenda), AgendaItemSchema)
  const out: AgendaEntry[] = []
  const seen = new Set<string>()
  for (const id of doc.getArray<string>(ROOTS.agendaOrder).toArray()) {
    const item = items.get(id)
    if (item && !seen.has(id)) {
      seen.add(id)
      out.push({ id, ...item })
    }
  }
  for (const id of [...items.keys()].sort()) if (!seen.has(id)) out.push({ id, ...items.get(id)! })
  return out
}

export function readMeeting(doc: Y.Doc): MeetingView {
  const metaR = MeetingMetaSchema.safeParse(doc.getMap(ROOTS.meta).toJSON())
  const invitees = validEntries(doc.getMap(ROOTS.invitees), InviteeSchema).items
  const signIns = validEntries(doc.getMap(ROOTS.signIns), SignInSchema).items
  const attendees = [...invitees].map(([id, inv]) => ({ id, ...inv, signIn: signIns.get(id) ?? null }))
  attendees.sort(
    (a, b) => a.party.localeCompare(b.party) || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id),
  )
  const decisions = [...validEntries(doc.getMap(ROOTS.decisions), DecisionSchema).items].map(([id, d]) => ({
    id,
    ...d,
  }))
  decisions.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
  return { meta: metaR.success ? metaR.data : null, agenda: readAgenda(doc), attendees, decisions }
}

export interface Attendance {
  present: number
  absent: number
  membersPresent: number
  membersTotal: number
  /** More than half of the invited council members signed in (过半数, strictly more than 1/2). */
  quorum: boolean
}

export function attendance(attendees: readonly Attendee[]): Attendance {
  const present = attendees.filter((a) => a.signIn).length
  const members = attendees.filter((a) => a.member)
  const membersPresent = members.filter((a) => a.signIn).length
  return {
    present,
    absent: attendees.length - present,
    membersPresent,
    membersTotal: members.length,
    quorum: members.length > 0 && membersPresent * 2 > members.length,
  }
}

export function readMeetings(index: Y.Doc): Array<MeetingSummary & { id: string }> {
  const { items } = validEntries(index.getMap(ROOTS.meetings), MeetingSummarySchema)
  return [...items]
    .map(([id, s]) => ({ id, ...s }))
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt) || a.id.localeCompare(b.id))
}

export function readActionItems(index: Y.Doc, meetingId?: string): ActionEntry[] {
  const { items } = validEntries(index.getMap(ROOTS.actions), ActionItemSchema)
  return [...items]
    .map(([id, a]) => ({ id, ...a }))
    .filter((a) => meetingId === undefined || a.meetingId === meetingId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

/** The meeting as frozen into a seal (and printed): plain JSON, no signatures' raw strokes lost. */
export interface SealedRecord {
  meta: Pick<MeetingMeta, 'meetingId' | 'councilId' | 'title' | 'startsAt' | 'place' | 'convener'>
  agenda: AgendaEntry[]
  attendees: Attendee[]
  decisions: DecisionEntry[]
  actions: Array<Pick<ActionEntry, 'id' | 'agendaItemId' | 'what' | 'owner' | 'due'>>
}

export function sealedRecord(view: MeetingView, actions: readonly ActionEntry[]): SealedRecord | null {
  if (!view.meta) return null
  const { meetingId, councilId, title, startsAt, place, convener } = view.meta
  return {
    meta: { meetingId, councilId, title, startsAt, place, convener },
    agenda: view.agenda,
    attendees: view.attendees,
    decisions: view.decisions,
    actions: actions.map(({ id, agendaItemId, what, owner, due }) =>
      agendaItemId ? { id, agendaItemId, what, owner, due } : { id, what, owner, due },
    ),
  }
}
