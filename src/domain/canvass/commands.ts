/** Recording a visit: one new key in `visits`, never an edit (the server refuses edits). */
import * as Y from 'yjs'
import { newVisitId, VisitSchema, VISITS, type Visit, type VisitEntry, type VisitId } from './schema'

export function recordVisit(doc: Y.Doc, visit: Visit, id: VisitId = newVisitId()): VisitId {
  const value = VisitSchema.parse(visit)
  doc.transact(() => doc.getMap(VISITS).set(id, value), { source: 'client', userId: visit.visitor })
  return id
}

/** Valid visits, oldest first; records another client wrote badly are skipped. */
export function readVisits(doc: Y.Doc): VisitEntry[] {
  const out: VisitEntry[] = []
  doc.getMap<unknown>(VISITS).forEach((v, id) => {
    const r = VisitSchema.safeParse(v)
    if (r.success) out.push({ id, ...r.data })
  })
  return out.sort((a, b) => a.at.localeCompare(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
