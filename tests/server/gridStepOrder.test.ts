/**
 * The server checks the order of an event's steps (src/domain/grid/writeRules.ts
 * gridStepOrderProblem, via server/access/rules/gridRules.ts), judged by what each step's own causal
 * number proves its writer had seen:
 *  - a hostile client with a valid token crafts out-of-order steps (rating before the handling, a
 *    dispatch after a close it saw, an invented position, no number, a second report) → REJECT
 *    step-order, nothing stored;
 *  - honest steps made offline that were valid on their tablet land even though another tablet
 *    closed the event meanwhile, and the two tablets converge on the server's state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { Role } from '../../src/domain/access/policy'
import type { Actor } from '../../src/domain/actor'
import { docName } from '../../src/domain/docTypes'
import { addStep, readEvents, reportEvent } from '../../src/domain/grid/events'
import type { Scope } from '../../server/accounts/AccountStore'
import { ChangeClient } from '../helpers/changeClient'
import { seedCouncil } from '../helpers/council'
import { connectRawClient, type RawClient } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'
import { unwrap } from '../../src/domain/result'

const PEOPLE: Array<[string, Role, Scope]> = [
  ['chair', 'chair', {}],
  ['worker', 'grid_worker', {}],
]
let server: TestServer
let councilId = ''
const tokens = new Map<string, string>()
const actors = new Map<string, Actor>()

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  councilId = await seedCouncil(server, { name: '顺序小区', phonePrefix: '1380000', people: PEOPLE }, tokens, actors)
})
afterAll(() => server?.stop())

const events = () => docName('event', councilId)
const who = (k: string) => actors.get(k) as Actor
const NEW_EVENT = {
  category: 'facility' as const,
  title: '路灯不亮',
  description: '',
  place: '5号楼前',
  gridId: null,
  source: 'worker' as const,
}

/** One crafted update on a fresh connection (a refused one stays in a raw client's doc). */
async function craft(key: string, value: unknown): Promise<string> {
  const c = await connectRawClient(server.wsUrl, events(), { token: tokens.get('chair')! })
  try {
    return await answer(c, (d) => d.getMap('steps').set(key, value))
  } finally {
    await c.close()
  }
}

async function answer(c: RawClient, edit: (d: Y.Doc) => void): Promise<string> {
  const seq = c.sentSeq + 1
  edit(c.doc)
  await c.waitFor(() => c.ackedSeq >= seq || c.rejects.some((r) => r.seq === seq), 'answer')
  return c.rejects.find((r) => r.seq === seq)?.code ?? 'acked'
}

const storedSteps = async (eventId: string) =>
  readEvents((await server.docs.get(events())).ydoc).events.find((e) => e.eventId === eventId)?.steps ?? []

describe('grid step order on the server', () => {
  it('a hostile client with a valid token: out-of-order steps are refused and nothing is stored', async () => {
    const chair = await connectRawClient(server.wsUrl, events(), { token: tokens.get('chair')! })
    const me = who('chair')
    const now = Date.now()
    let eventId = ''
    expect(
      await answer(chair, (d) => (eventId = unwrap(reportEvent(d, { ...NEW_EVENT, foundAt: now }, me, now)))),
    ).toBe('acked')
    const step = (kind: string, seq: number | undefined, extra: Record<string, unknown> = {}) => ({
      kind,
      eventId,
      at: now,
      by: me.userId,
      byName: me.name,
      note: '',
      ...(seq === undefined ? {} : { seq }),
      ...extra,
    })
    const crafted: Array<[string, unknown]> = [
      ['rating before any handling', step('rate', 2, { satisfaction: 5 })],
      ['a position invented far ahead', step('handle', 1_000_000)],
      ['a step numbered before the report', step('handle', 1)],
      ['a step without its number', step('handle', undefined)],
      ['a second report', step('report', 1)],
    ]
    for (const [what, value] of crafted) expect(await craft(`s_bad_${what.length}`, value), what).toBe('step-order')
    expect((await storedSteps(eventId)).map((s) => s.kind)).toEqual(['report'])

    // Closed (handle at 2); a dispatch numbered after it proves its writer saw the close.
    expect(await answer(chair, (d) => unwrap(addStep(d, eventId, { kind: 'handle', note: '已修' }, me, now)))).toBe(
      'acked',
    )
    const afterClose = (kind: string, extra: Record<string, unknown>) => step(kind, 3, extra)
    for (const [what, value] of [
      ['assign after the close', afterClose('assign', { assignee: { name: '物业', kind: 'body' }, dueAt: now })],
      ['escalate after the close', afterClose('escalate', { toGridId: null, toLevel: 'community' })],
      ['a second handling', afterClose('handle', {})],
    ] as const)
      expect(await craft(`s_late_${what.length}`, value), what).toBe('step-order')
    expect((await storedSteps(eventId)).map((s) => s.kind)).toEqual(['report', 'handle'])
    // The rating, numbered after the close, is in order.
    expect(await answer(chair, (d) => unwrap(addStep(d, eventId, { kind: 'rate', satisfaction: 5 }, me, now)))).toBe(
      'acked',
    )
    const afterRate = step('reassign', 4, { assignee: { name: '物业', kind: 'body' }, dueAt: now })
    expect(await craft('s_after_rate', afterRate)).toBe('step-order')
    expect((await storedSteps(eventId)).map((s) => s.kind)).toEqual(['report', 'handle', 'rate'])
    await chair.close()
  })

  it('honest offline steps made while the event was open land; two tablets converge', async () => {
    const chairTab = new ChangeClient(server.wsUrl, events(), tokens.get('chair')!)
    const workerTab = new ChangeClient(server.wsUrl, events(), tokens.get('worker')!)
    await chairTab.connect()
    await workerTab.connect()
    const now = Date.now()
    const eventId = unwrap(reportEvent(chairTab.doc, { ...NEW_EVENT, foundAt: now }, who('chair'), now))
    unwrap(
      addStep(
        chairTab.doc,
        eventId,
        { kind: 'assign', assignee: { name: '王网格', kind: 'person' }, dueAt: now + 3_600_000 },
        who('chair'),
        now,
      ),
    )
    await chairTab.settled()
    await workerTab.settled()
    expect(readEvents(workerTab.doc).events.find((e) => e.eventId === eventId)?.status).toBe('assigned')

    // Both offline: the chair reassigns and escalates (valid on its screen: open), the worker handles.
    chairTab.disconnect()
    workerTab.disconnect()
    unwrap(
      addStep(
        chairTab.doc,
        eventId,
        { kind: 'reassign', assignee: { name: '物业', kind: 'body' }, dueAt: now + 7_200_000 },
        who('chair'),
        now + 1,
      ),
    )
    unwrap(
      addStep(chairTab.doc, eventId, { kind: 'escalate', toGridId: null, toLevel: 'compound' }, who('chair'), now + 2),
    )
    unwrap(addStep(workerTab.doc, eventId, { kind: 'handle', note: '已修好' }, who('worker'), now + 3))
    // The worker syncs first: the event is closed on the server when the chair's steps arrive.
    await workerTab.connect()
    await workerTab.settled()
    await chairTab.connect()
    await chairTab.settled()
    await workerTab.settled()
    expect(chairTab.refused).toEqual([])
    expect(workerTab.refused).toEqual([])
    const kinds = (await storedSteps(eventId)).map((s) => s.kind).sort()
    expect(kinds).toEqual(['assign', 'escalate', 'handle', 'reassign', 'report'])
    const served = (await server.docs.get(events())).ydoc
    for (const tab of [chairTab, workerTab]) {
      expect(tab.doc.getMap('steps').toJSON()).toEqual(served.getMap('steps').toJSON())
      expect(readEvents(tab.doc).events).toEqual(readEvents(served).events)
    }
    expect(readEvents(served).events.find((e) => e.eventId === eventId)?.closed).toBe(true)
    chairTab.disconnect()
    workerTab.disconnect()
  })
})
