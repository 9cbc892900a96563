/** Branded ids for meetings (doc names: src/domain/docTypes.ts) (docs/schema.md "meeting" and "minutes"). */
import { newId, type Brand } from '../ids'

export type MeetingId = Brand<string, 'MeetingId'>
export type AgendaItemId = Brand<string, 'AgendaItemId'>
export type InviteeId = Brand<string, 'InviteeId'>
export type DecisionId = Brand<string, 'DecisionId'>
export type ActionItemId = Brand<string, 'ActionItemId'>

export const newMeetingId = (): MeetingId => newId('m') as MeetingId
export const newAgendaItemId = (): AgendaItemId => newId('a') as AgendaItemId
export const newInviteeId = (): InviteeId => newId('p') as InviteeId
export const newDecisionId = (): DecisionId => newId('d') as DecisionId
export const newActionItemId = (): ActionItemId => newId('t') as ActionItemId

/** Meeting ids look like `m_xxxxxxxxxxxx`; `index` is reserved for the council's meeting index. */
export const MEETING_ID_RE = /^m_[a-z0-9]{4,32}$/
export const isMeetingId = (s: string): s is MeetingId => MEETING_ID_RE.test(s)
