/** Recording a visit: one new key in `visits`, never an edit (the server refuses edits). */
import type * as Y from 'yjs'
import { ok, parseAs, type Result } from '../result'
import { newVisitId, VisitSchema, VISITS, visitOrder, type Visit, type VisitEntry, type VisitId } from './schema'

/** 1 + the highest `seq` among the household's visits this device has seen (old ones count 0). */
export function nextVisitSeq(doc: Y.Doc, householdId: string): number {
  let max = 0
  doc.getMap<unknown>(VISITS).forEach((v) => {
    const r = v as { householdId?: unknown; seq?: unknown }
    if (r && r.householdId === householdId && typeof r.seq === 'number' && r.seq > max) max = r.seq
  })
  return max + 1
}

export type VisitRefusal = 'visit.invalid'

/** Refused ('visit.invalid', detail = the failing fields) when the visit breaks its schema; writes nothing then. */
export function recordVisit(doc: Y.Doc, visit: Visit, id: VisitId = newVisitId()): Result<VisitId, VisitRefusal> {
  const checked = parseAs(VisitSchema, { ...visit, seq: nextVisitSeq(doc, visit.householdId) }, 'visit.invalid')
  if (!checked.ok) return checked
  doc.transact(() => doc.getMap(VISITS).set(id, checked.value), { source: 'client', userId: visit.visitor })
  return ok(id)
}

/** Valid visits, oldest first (causal order, see visitOrder); records another client wrote badly are skipped. */
export function readVisits(doc: Y.Doc): VisitEntry[] {
  const out: VisitEntry[] = []
  doc.getMap<unknown>(VISITS).forEach((v, id) => {
    const r = VisitSchema.safeParse(v)
    if (r.success) out.push({ id, ...r.data })
  })
  return out.sort(visitOrder)
}
