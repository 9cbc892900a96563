/**
 * Random edits for the read-model tests: devices (ChangeClient, the browser's own sync code) that
 * report events and take steps, write case-list entries, and create/open/vote/close votes — offline
 * and online — across several councils. Seeded, so a failure replays.
 */
import type * as Y from 'yjs'
import { addStep, readEvents, reportEvent } from '../../src/domain/grid/events'
import { EVENT_CATEGORIES } from '../../src/domain/grid/schema'
import { DAY_MS } from '../../src/domain/grid/time'
import { CASE_STATUSES, CASE_TYPES } from '../../src/domain/mediation/schema'
import { closeVote, createVote, openVote, recordBallot } from '../../src/domain/voting/commands'
import { docName, parseDocName } from '../../src/domain/docTypes'
import { ROLL } from '../unit/domain/voting/fixtures'

export { prng as rng, type Rng } from '../helpers/prng'
import type { Rng } from '../helpers/prng'
import { unwrap } from '../../src/domain/result'

const actor = { userId: 'u1', name: '网格员', device: 'dev' }

/** Docs the read model folds, for council `c` (one vote per council). */
export const foldedDocs = (c: string) => [docName('event', c), docName('caselist', c), docName('vote', c, `v${c}`)]

/** One random edit to `doc` (named `name`), at a random time in the `days` days before `now`. */
export function randomEdit(r: Rng, name: string, doc: Y.Doc, now: number, days = 120): void {
  const at = now - r.int(days * DAY_MS)
  const parsed = parseDocName(name)
  if (!parsed) throw new Error(`not a doc name: ${name}`)
  const { type, councilId } = parsed
  const id = parsed.ids[0]
  if (type === 'event') {
    const events = readEvents(doc).events
    if (events.length === 0 || r.next() < 0.4) {
      unwrap(
        reportEvent(
          doc,
          {
            category: r.pick(EVENT_CATEGORIES),
            title: '路灯不亮',
            description: '',
            place: '3号楼',
            gridId: null,
            source: 'worker',
            foundAt: at,
          },
          actor,
          at,
        ),
      )
      return
    }
    const e = r.pick(events)
    const t = e.reportedAt + r.int(2 * DAY_MS)
    const kind = r.pick(['assign', 'handle', 'handle', 'rate', 'escalate'] as const)
    if (kind === 'assign')
      unwrap(
        addStep(
          doc,
          e.eventId,
          { kind, assignee: { userId: 'u2', name: '处置人', kind: 'person' }, dueAt: t + r.int(3 * DAY_MS) },
          actor,
          t,
        ),
      )
    else if (kind === 'handle') unwrap(addStep(doc, e.eventId, { kind, note: '已处理' }, actor, t))
    else if (kind === 'rate') unwrap(addStep(doc, e.eventId, { kind, satisfaction: 1 + r.int(5) }, actor, t))
    else unwrap(addStep(doc, e.eventId, { kind, toGridId: null, toLevel: 'community' }, actor, t))
    return
  }
  if (type === 'caselist') {
    const caseId = `k${r.int(6)}`
    const status = r.pick(CASE_STATUSES)
    doc.getMap('cases').set(caseId, {
      caseId,
      type: r.pick(CASE_TYPES),
      urgency: 'normal',
      status,
      assignees: ['u1'],
      lead: null,
      createdAt: at,
      reportedAt: at,
      arrivedAt: null,
      closedAt: status === 'closed' ? at + DAY_MS : null,
      effectiveDay: status === 'agreed' && r.next() < 0.7 ? '2026-11-01' : null,
      slotDays: [],
      slotsDone: [],
      lastContactDay: null,
      termDays: [],
      planEnded: false,
    })
    return
  }
  // vote: create → open → ballots → close, whatever step this device's copy is at
  const status = doc.getMap('meta').get('status')
  if (status === undefined)
    createVote(
      doc,
      {
        councilId: councilId!,
        voteId: id!,
        title: '加装电梯',
        question: '是否同意',
        matter: 'ordinary',
        opensAt: '2026-11-01T00:00:00+08:00',
        closesAt: '2026-12-31T00:00:00+08:00',
      },
      actor,
      at,
    )
  else if (status === 'draft') openVote(doc, ROLL, actor, at)
  else if (status === 'open' && r.next() < 0.85)
    recordBallot(
      doc,
      {
        householdId: r.pick(ROLL).householdId,
        choice: r.pick(['agree', 'oppose', 'abstain'] as const),
        channel: 'paper',
        paperSerial: `P${r.int(999)}`,
      },
      actor,
      at,
    )
  else if (status === 'open') closeVote(doc, actor, now)
}
