/**
 * Follow-up care commands on a case doc (Art. 31 checks of agreed terms, the care plan, visits):
 * the same rules as caseCommands.ts — each one transaction, a refusal writes nothing.
 */
import type * as Y from 'yjs'
import { newId } from '../ids'
import { fail, ok } from '../result'
import { PhaseSchema, TermCheckSchema, VisitSchema, type TermCheck, type Visit } from './schema'
import type { Plan } from './carePlan'
import { event, parseAll, parseOne, writable, writePlan, type CaseResult } from './caseWrite'
import { isDay, type Clock, type Day } from './time'

export function checkTerm(doc: Y.Doc, c: TermCheck): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  const check = parseOne(TermCheckSchema, c)
  if (!check.ok) return check
  doc.getMap('performance').set(c.termId, check.value)
  return ok()
}

export function setPlan(doc: Y.Doc, plan: Pick<Plan, 'startDay' | 'phases'> & Partial<Plan>): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  if (!isDay(plan.startDay)) return fail('case.bad_start_day', String(plan.startDay))
  const phases = parseAll(PhaseSchema, plan.phases)
  if (!phases.ok) return phases
  writePlan(doc, plan.startDay, phases.value)
  return ok()
}

export function endPlan(doc: Y.Doc, day: Day, reason: string, by: string, clock: Clock): CaseResult {
  const refused = writable(doc)
  if (refused) return refused
  if (!reason.trim()) return fail('case.reason_required')
  doc.transact(() => {
    doc.getMap('plan').set('endedDay', day)
    doc.getMap('plan').set('endReason', reason.trim())
    event(doc, 'plan-ended', by, clock(), reason.trim())
  })
  return ok()
}

/** Records a follow-up visit; the value is its id. */
export function addVisit(doc: Y.Doc, v: Omit<Visit, 'id'>): CaseResult<string> {
  const refused = writable(doc)
  if (refused) return refused
  const id = newId('v')
  const visit = parseOne(VisitSchema, { ...v, id })
  if (!visit.ok) return visit
  doc.getMap('visits').set(id, visit.value)
  return ok(id)
}
