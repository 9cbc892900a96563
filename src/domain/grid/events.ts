/**
 * The five-step closed loop (五步闭环) over the event doc: commands append an event or a step (one
 * transaction, typed origin); `readEvents` folds each event's steps in causal order (`seq`, see
 * schema.ts; device time only breaks ties between concurrent steps) into its current
 * state. Found → reported → assigned → handled → rated; reassign and escalate may come between.
 * A grid worker may also handle on the spot (即时处置) without an assignment.
 */
import type * as Y from 'yjs'
import { byUser, type NamedActor } from '../actor'
import { ok, parseAs, type Result } from '../result'
import { nextStepSeq } from '../stepSeq'
import { newEventId, newStepId, type EventId } from './ids'
import {
  EventRecordSchema,
  GRID_LEVELS,
  ROOTS,
  StepSchema,
  validEntries,
  type Assignee,
  type EventRecord,
  type GridLevel,
  type Step,
} from './schema'
import { endOfShanghaiDay, sameShanghaiDay } from './time'

export type NewEvent = Omit<EventRecord, 'eventId' | 'reporterId' | 'reporterName' | 'createdAt'>

/** The event record as reportEvent stores it (unchecked: forms run the write predicate over it first). */
export function eventRecord(e: NewEvent, actor: NamedActor, now: number, id: EventId) {
  return { ...e, eventId: id, reporterId: actor.userId, reporterName: actor.name, createdAt: now }
}

export type GridRefusal = 'grid.invalid'

/**
 * Records a found event and its report step (both may happen offline; synced later). Refused
 * ('grid.invalid', detail = the failing fields) when the event breaks its schema; writes nothing then.
 */
export function reportEvent(
  doc: Y.Doc,
  e: NewEvent,
  actor: NamedActor,
  now: number,
  id: EventId = newEventId(),
): Result<EventId, GridRefusal> {
  const record = parseAs(EventRecordSchema, eventRecord(e, actor, now, id), 'grid.invalid')
  if (!record.ok) return record
  const reportStep = { kind: 'report', eventId: id, at: now, by: actor.userId, byName: actor.name, seq: 1 }
  const step = parseAs(StepSchema, reportStep, 'grid.invalid')
  if (!step.ok) return step
  doc.transact(() => {
    doc.getMap(ROOTS.events).set(id, record.value)
    doc.getMap(ROOTS.steps).set(newStepId(), step.value)
  }, byUser(actor.userId))
  return ok(id)
}

export type StepInput =
  | { kind: 'assign' | 'reassign'; assignee: Assignee; dueAt: number; note?: string }
  | { kind: 'escalate'; toGridId: string | null; toLevel: GridLevel; note?: string }
  | { kind: 'handle'; note: string }
  | { kind: 'rate'; satisfaction: number; note?: string }

/** The causal number of the event's next step (src/domain/stepSeq.ts). */
export const nextSeq = (doc: Y.Doc, eventId: string): number =>
  nextStepSeq(doc.getMap<unknown>(ROOTS.steps), 'eventId', eventId)

/** The step as addStep stores it (unchecked: forms run the write predicate over it first). */
export function stepRecord(doc: Y.Doc, eventId: string, input: StepInput, actor: NamedActor, now: number) {
  return { note: '', ...input, eventId, at: now, by: actor.userId, byName: actor.name, seq: nextSeq(doc, eventId) }
}

/** Refused ('grid.invalid', detail = the failing fields) when the step breaks its schema. */
export function addStep(
  doc: Y.Doc,
  eventId: string,
  input: StepInput,
  actor: NamedActor,
  now: number,
): Result<string, GridRefusal> {
  const step = parseAs(StepSchema, stepRecord(doc, eventId, input, actor, now), 'grid.invalid')
  if (!step.ok) return step
  const id = newStepId()
  doc.transact(() => doc.getMap(ROOTS.steps).set(id, step.value), byUser(actor.userId))
  return ok(id)
}

export type EventStatus = 'reported' | 'assigned' | 'escalated' | 'handled' | 'rated'

export interface EventView extends EventRecord {
  status: EventStatus
  reportedAt: number
  assignedAt: number | null
  handledAt: number | null
  ratedAt: number | null
  satisfaction: number | null
  assignee: Assignee | null
  /** The deadline: the latest assignment's due time, else the end of the reporting day (当日办结). */
  dueAt: number
  level: GridLevel
  gridId: string | null
  escalations: number
  /** Handled (办结): counted as closed for the close rate. */
  closed: boolean
  steps: Array<Step & { id: string }>
}

type Ordered = { seq?: number; at: number; id: string }
/** Causal order first (a step written after seeing another has a higher seq); time only between concurrent ones. */
const causally = (a: Ordered, b: Ordered) => (a.seq ?? 0) - (b.seq ?? 0) || a.at - b.at || a.id.localeCompare(b.id)

/** Folds one event's steps (any order) into its state. `level` of the event's grid node at creation. */
export function foldEvent(
  e: EventRecord,
  steps: Array<Step & { id: string }>,
  startLevel: GridLevel = 'compound',
): EventView {
  const sorted = [...steps].sort(causally)
  const v: EventView = {
    ...e,
    status: 'reported',
    reportedAt: e.createdAt,
    assignedAt: null,
    handledAt: null,
    ratedAt: null,
    satisfaction: null,
    assignee: null,
    dueAt: endOfShanghaiDay(e.createdAt),
    level: startLevel,
    gridId: e.gridId,
    escalations: 0,
    closed: false,
    steps: sorted,
  }
  let reported = false
  for (const s of sorted) {
    switch (s.kind) {
      case 'report':
        if (!reported) {
          v.reportedAt = s.at
          v.dueAt = endOfShanghaiDay(s.at)
          reported = true
        }
        break
      case 'assign':
      case 'reassign':
        v.assignedAt ??= s.at
        v.assignee = s.assignee
        v.dueAt = s.dueAt
        if (v.status !== 'handled' && v.status !== 'rated') v.status = 'assigned'
        break
      case 'escalate':
        v.level = s.toLevel
        v.gridId = s.toGridId
        v.escalations++
        v.assignee = null
        if (v.status !== 'handled' && v.status !== 'rated') v.status = 'escalated'
        break
      case 'handle':
        v.handledAt ??= s.at
        if (v.status !== 'rated') v.status = 'handled'
        break
      case 'upper':
        // The upper level's handling, mirrored from its queue by the server.
        if (s.action === 'handle') {
          v.handledAt ??= s.at
          if (v.status !== 'rated') v.status = 'handled'
        } else if (s.action === 'escalate') {
          v.level = s.level === 'community' ? 'street' : 'district'
          v.escalations++
        } else if (s.action === 'return' && v.status === 'escalated') {
          // Back to the compound: its own dispatchers take it from here (same-day again).
          v.level = 'compound'
          v.gridId = e.gridId
          v.status = 'reported'
          v.dueAt = endOfShanghaiDay(s.at)
        }
        break
      case 'rate':
        // A later rating (e.g. re-checked after a complaint) replaces the earlier one.
        if (v.handledAt !== null) {
          v.ratedAt = s.at
          v.satisfaction = s.satisfaction
          v.status = 'rated'
        }
        break
    }
  }
  v.closed = v.handledAt !== null
  return v
}

export interface EventsSnapshot {
  events: EventView[]
  invalid: string[]
}

/** Every valid event with its steps folded, newest report first. Steps of unknown events are ignored. */
export function readEvents(
  doc: Y.Doc,
  levelOf: (gridId: string | null) => GridLevel = () => 'compound',
): EventsSnapshot {
  const ev = validEntries(doc.getMap(ROOTS.events), EventRecordSchema)
  const st = validEntries(doc.getMap(ROOTS.steps), StepSchema)
  const stepsOf = new Map<string, Array<Step & { id: string }>>()
  for (const [id, s] of st.items) {
    const list = stepsOf.get(s.eventId)
    if (list) list.push({ ...s, id })
    else stepsOf.set(s.eventId, [{ ...s, id }])
  }
  const events: EventView[] = []
  for (const [key, e] of ev.items) {
    if (e.eventId !== key) {
      ev.invalid.push(key)
      continue
    }
    events.push(foldEvent(e, stepsOf.get(key) ?? [], levelOf(e.gridId)))
  }
  events.sort((a, b) => b.reportedAt - a.reportedAt || a.eventId.localeCompare(b.eventId))
  return { events, invalid: [...ev.invalid, ...st.invalid] }
}

export type SlaState = 'on-time' | 'late' | 'open' | 'overdue'

/** Same-day target unless a dispatcher set a due time: overdue once past it and not handled. */
export function slaState(v: Pick<EventView, 'handledAt' | 'dueAt'>, now: number): SlaState {
  if (v.handledAt !== null) return v.handledAt <= v.dueAt ? 'on-time' : 'late'
  return now > v.dueAt ? 'overdue' : 'open'
}

/** Handled on the Beijing calendar day it was reported (当日办结). */
export const closedSameDay = (v: Pick<EventView, 'handledAt' | 'reportedAt'>): boolean =>
  v.handledAt !== null && sameShanghaiDay(v.handledAt, v.reportedAt)

/** The level above `level` in the five-level grid (micro → building → compound → … → district). */
export function nextLevel(level: GridLevel): GridLevel | null {
  if (level === 'micro') return 'building'
  const i = GRID_LEVELS.indexOf(level)
  return i > 0 ? GRID_LEVELS[i - 1]! : null
}

/** Open first (overdue on top, then by deadline), then closed ones newest first. */
export function worklist(events: readonly EventView[], now: number): EventView[] {
  const rank = (v: EventView) => ({ overdue: 0, open: 1, late: 2, 'on-time': 2 })[slaState(v, now)]
  return [...events].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) < 2 ? a.dueAt - b.dueAt : b.reportedAt - a.reportedAt) ||
      a.eventId.localeCompare(b.eventId),
  )
}
