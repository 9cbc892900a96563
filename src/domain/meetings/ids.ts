/** Branded ids and doc names for meetings (docs/schema.md "meeting" and "minutes"). */
import { randomId, type Brand } from '../ids'

export type MeetingId = Brand<string, 'MeetingId'>
export type AgendaItemId = Brand<string, 'AgendaItemId'>
export type InviteeId = Brand<string, 'InviteeId'>
export type DecisionId = Brand<string, 'DecisionId'>
export type ActionItemId = Brand<string, 'ActionItemId'>

export const newMeetingId = (): MeetingId => randomId('m') as MeetingId
export const newAgendaItemId = (): AgendaItemId => randomId('a') as AgendaItemId
export const newInviteeId = (): InviteeId => randomId('p') as InviteeId
export const newDecisionId = (): DecisionId => randomId('d') as DecisionId
export const newActionItemId = (): ActionItemId => randomId('t') as ActionItemId

/** Meeting ids look like `m_xxxxxxxxxxxx`; `index` is reserved for the council's meeting index. */
export const MEETING_ID_RE = /^m_[a-z0-9]{4,32}$/
export const isMeetingId = (s: string): s is MeetingId => MEETING_ID_RE.test(s)

export const meetingIndexDocName = (councilId: string): string => `meeting:${councilId}:index`
export const meetingDocName = (councilId: string, id: MeetingId): string => `meeting:${councilId}:${id}`
export const minutesDocName = (councilId: string, id: MeetingId): string => `minutes:${councilId}:${id}`
/** Corrections after sealing: a separate, unsealed minutes-type doc. */
export const addendumDocName = (councilId: string, id: MeetingId): string => `minutes:${councilId}:${id}:addendum`
