/**
 * The grid forms' entry checks: the predicates the server runs on every new event and step
 * (src/domain/grid/writeRules.ts), over the records exactly as reportEvent/addStep will store them,
 * plus the order of the five steps as this screen shows the event (rate only what was handled,
 * nothing after it is closed). The server checks the order too (gridStepOrderProblem), but only
 * what a step's number proves its writer saw, so that offline steps never lose out to another
 * tablet's close; this entry check is the stricter one. A refusal here means nothing is written.
 */
import type { Condition } from '../../domain/access/policy'
import { problem, type WriteActor, type WriteProblem } from '../../domain/access/writeRules'
import type { EventView } from '../../domain/grid/events'
import { gridEventProblem, gridStepProblem } from '../../domain/grid/writeRules'
import type { MessageKey } from '../../i18n'

export interface GridWriter {
  actor: WriteActor
  conditions: 'write' | readonly Condition[]
}

const mayWriteEvents = (w: GridWriter | null): w is GridWriter =>
  !!w && (w.conditions === 'write' || w.conditions.includes('event-steps'))

/** `record` = the event as reportEvent stores it (eventId, reporter, createdAt filled in). */
export function eventEntryProblem(w: GridWriter | null, record: { eventId: string }): WriteProblem | null {
  if (!mayWriteEvents(w)) return problem('read-only', '')
  return gridEventProblem(w.actor, record.eventId, record)
}

export type StepKindIn = 'assign' | 'reassign' | 'escalate' | 'handle' | 'rate'

/** Steps in the order of the closed loop: nothing after it is closed but a rating, a rating only then. */
export function stepOrderProblem(v: Pick<EventView, 'closed'>, kind: StepKindIn): WriteProblem | null {
  if (kind === 'rate') return v.closed ? null : problem('step-order', 'handle')
  return v.closed ? problem('step-order', 'closed') : null
}

/** `step` = the step as addStep stores it; `stored` = the event record as stored in the doc. */
export function stepEntryProblem(
  w: GridWriter | null,
  view: Pick<EventView, 'closed'>,
  step: { kind: StepKindIn },
  stored: unknown,
): WriteProblem | null {
  if (!mayWriteEvents(w)) return problem('read-only', '')
  return gridStepProblem(w.actor, step, stored) ?? stepOrderProblem(view, step.kind)
}

/** What a `forbidden` means for each kind of step (the form names it). */
export const FORBIDDEN_STEP: Record<StepKindIn, MessageKey> = {
  assign: 'forms.problem.stepDispatch',
  reassign: 'forms.problem.stepDispatch',
  escalate: 'forms.problem.stepDispatch',
  handle: 'forms.problem.stepHandle',
  rate: 'forms.problem.stepRate',
}
