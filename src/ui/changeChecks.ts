/**
 * The domain write rules the device re-runs on its own changes after a refusal (reconcile.ts): the
 * same pure predicates the server runs and the forms run before writing
 * (src/domain/<feature>/writeRules.ts). Installed for the sync core, which does not know who is
 * signed in. Loaded with the first page that opens a doc (useDoc.ts), not with the shell.
 */
import type * as Y from 'yjs'
import { problem } from '../domain/access/writeRules'
import { VISITS } from '../domain/canvass/schema'
import { ROOTS as GRID_ROOTS } from '../domain/grid/schema'
import { gridEventProblem, gridStepOrderProblem, gridStepProblem, stepMark } from '../domain/grid/writeRules'
import { parseDocScope } from '../domain/docTypes'
import { isSealed } from '../domain/meetings/minutes'
import { ballotsMap, voteMeta } from '../domain/voting/schema'
import { BALLOT_SCOPE_OF_CONDITION, ballotProblem, type BallotScope } from '../domain/voting/writeRules'
import { setChangeCheckProvider } from '../sync/changeChecks'
import type { ChangeCheck } from '../sync/reconcile'
import { visitEntryProblem } from './canvass/visitCheck'
import { currentWriter, type Writer } from './writeActor'

function ballotScopeOf(w: Writer): BallotScope | null {
  const conds = w.conditions('vote')
  if (conds === 'write') return 'any'
  const cond = conds[0]
  return cond && cond in BALLOT_SCOPE_OF_CONDITION
    ? BALLOT_SCOPE_OF_CONDITION[cond as keyof typeof BALLOT_SCOPE_OF_CONDITION]
    : null
}

/** Records (keys) in `after`'s map `root` that `before` does not have. */
function* added(before: Y.Doc, after: Y.Doc, root: string): Generator<unknown> {
  const had = before.getMap<unknown>(root)
  for (const [key, value] of after.getMap<unknown>(root).entries()) if (!had.has(key)) yield value
}

/** New ballots in `after` must pass ballotProblem against the vote as it is in `before`. */
function voteCheck(councilId: string): ChangeCheck {
  return (before: Y.Doc, after: Y.Doc) => {
    const w = currentWriter(councilId)
    if (!w) return null
    const scope = ballotScopeOf(w)
    const meta = voteMeta(before).toJSON() as { status?: unknown; opensAt?: unknown; closesAt?: unknown }
    const had = ballotsMap(before)
    for (const [key, value] of ballotsMap(after).entries()) {
      if (had.has(key)) continue
      if (!scope) return problem('forbidden', '您不能记录选票')
      const p = ballotProblem(w.actor, scope, { status: meta.status, ...meta }, value, Date.now())
      if (p) return p
    }
    return null
  }
}

/** New visits must pass visitProblem with the scope the server would pick. */
function canvassCheck(councilId: string): ChangeCheck {
  return (before, after) => {
    const w = currentWriter(councilId)
    if (!w) return null
    const writer = { actor: w.actor, conditions: w.conditions('canvass') }
    for (const value of added(before, after, VISITS)) {
      const p = visitEntryProblem(writer, value)
      if (p) return p
    }
    return null
  }
}

/** New events and steps must pass the grid predicates (a step's event: as stored, or new alongside it). */
function eventCheck(councilId: string): ChangeCheck {
  return (before, after) => {
    const w = currentWriter(councilId)
    if (!w) return null
    const conds = w.conditions('event')
    if (conds !== 'write' && !conds.includes('event-steps')) return problem('read-only', '')
    const had = before.getMap<unknown>(GRID_ROOTS.events)
    for (const [key, value] of after.getMap<unknown>(GRID_ROOTS.events).entries()) {
      if (had.has(key)) continue
      const p = gridEventProblem(w.actor, key, value)
      if (p) return p
    }
    const events = after.getMap<unknown>(GRID_ROOTS.events)
    const steps = after.getMap<unknown>(GRID_ROOTS.steps)
    for (const value of added(before, after, GRID_ROOTS.steps)) {
      const eventId = (value as { eventId?: unknown } | null)?.eventId
      const p = gridStepProblem(w.actor, value, typeof eventId === 'string' ? events.get(eventId) : undefined)
      if (p) return p
      // The server's order rule over the event's other steps as this device now has them.
      const siblings = [...steps.values()]
        .filter((v) => v !== value)
        .map(stepMark)
        .flatMap((m) => (m && m.eventId === eventId ? [m.m] : []))
      const order = gridStepOrderProblem(value, siblings)
      if (order) return order
    }
    return null
  }
}

/** Nothing changes in sealed minutes (the addendum doc is never sealed). */
const minutesCheck: ChangeCheck = (before) =>
  isSealed(before) ? problem('sealed', '纪要已定稿，不能再修改；更正请写入补充说明') : null

setChangeCheckProvider((docName) => {
  const { type, councilId } = parseDocScope(docName) ?? { type: '', councilId: '' }
  if (type === 'vote') return voteCheck(councilId)
  if (type === 'minutes') return minutesCheck
  if (type === 'canvass') return canvassCheck(councilId)
  if (type === 'event') return eventCheck(councilId)
  return undefined
})
