/**
 * The escalation loop with real accounts, tokens and the org tree (server/access + server/escalation):
 * the council's chair escalates from the council tablet; the community's queue is opened by its
 * handlers (org_handler on the community or the street above) and viewers (read-only), never by a
 * council role; the handler's step comes back in the council trail in the handler's account name.
 * Hostile: a handler forging a queue item, a step in someone else's name; a council member forging
 * the upper level's step in the event doc; a viewer writing the queue — all refused, nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { docName } from '../../src/domain/docTypes'
import { addStep, readEvents, reportEvent } from '../../src/domain/grid/events'
import { addQueueStep } from '../../src/domain/escalation/commands'
import { readQueue } from '../../src/domain/escalation/queue'
import type { OrgNode } from '../../src/domain/org/schema'
import { connectRawClient, openRawSocket, type RawClient } from '../helpers/rawClient'
import { seedOrgCouncil, type SeededPerson } from '../helpers/council'
import { startTestServer, waitUntil, type TestServer } from '../helpers/server'
import { unwrap } from '../../src/domain/result'

const TREE: OrgNode[] = [
  { id: 'ea-d', kind: 'district', name: '川汇区', parentId: null },
  { id: 'ea-s', kind: 'street', name: '东大街道', parentId: 'ea-d' },
  { id: 'ea-m', kind: 'community', name: '邮政社区', parentId: 'ea-s' },
  { id: 'ea-m2', kind: 'community', name: '别的社区', parentId: 'ea-s' },
]

let server: TestServer
let councilId = ''
type Person = SeededPerson
const people: Record<'chair' | 'handler' | 'streetHandler' | 'viewer' | 'otherHandler', Person> = {} as never

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const a = server.accounts
  const seeded = await seedOrgCouncil(server, {
    tree: TREE,
    community: 'ea-m',
    name: '邮政小区',
    phonePrefix: '1360000',
  })
  councilId = seeded.councilId
  const mk = async (key: keyof typeof people, name: string) => {
    people[key] = await seeded.person(name)
  }
  await mk('chair', '李主任')
  await a.addMembership({ userId: people.chair.id, councilId, role: 'chair', scope: {} })
  await mk('handler', '赵社区')
  await a.addOrgStaff(people.handler.id, 'ea-m', 'org_handler')
  await mk('streetHandler', '钱街道')
  await a.addOrgStaff(people.streetHandler.id, 'ea-s', 'org_handler')
  await mk('viewer', '孙社区')
  await a.addOrgStaff(people.viewer.id, 'ea-m', 'org_viewer')
  await mk('otherHandler', '周社区')
  await a.addOrgStaff(people.otherHandler.id, 'ea-m2', 'org_handler')
})
afterAll(() => server?.stop())

const queueName = () => docName('queue', 'ea-m')
const open = (p: Person, name: string) => connectRawClient(server.wsUrl, name, { token: p.token })
async function closeCode(p: Person, name: string): Promise<number> {
  const { closed } = await openRawSocket(`${server.wsUrl}/${name}?token=${encodeURIComponent(p.token)}`)
  return (await closed).code
}
/** Applies `edit` on the client and waits for the server's answer: 'acked' or the reject code. */
async function answer(c: RawClient, edit: (d: Y.Doc) => void): Promise<string> {
  const seq = c.sentSeq + 1
  edit(c.doc)
  await c.waitFor(() => c.ackedSeq >= seq || c.rejects.some((r) => r.seq === seq), 'answer')
  const r = c.rejects.find((r) => r.seq === seq)
  return r?.code ?? 'acked'
}

let itemId = ''
let eventId = ''

describe('escalation with real accounts', () => {
  it('the chair escalates to the community: the item reaches the community queue', async () => {
    const chair = await open(people.chair, docName('event', councilId))
    const actor = { userId: people.chair.id, name: people.chair.name }
    const now = Date.now()
    eventId = unwrap(
      reportEvent(
        chair.doc,
        {
          category: 'facility',
          title: '路灯成片不亮',
          description: '',
          place: '5号楼前',
          gridId: null,
          source: 'worker',
          foundAt: now,
        },
        actor,
        now,
      ),
    )
    itemId = unwrap(
      addStep(
        chair.doc,
        eventId,
        { kind: 'escalate', toGridId: null, toLevel: 'community', note: '线路归社区' },
        actor,
        now,
      ),
    )
    await waitUntil(() => chair.ackedSeq >= chair.sentSeq, 'stored')
    const handler = await open(people.handler, queueName())
    await waitUntil(() => handler.doc.getMap('items').has(itemId), 'item on the handler tablet')
    expect(readQueue(handler.doc).rows[0]).toMatchObject({
      councilName: '邮政小区',
      summary: '路灯成片不亮',
      state: 'new',
    })
    await chair.close()
    await handler.close()
  })

  it('only handlers of the node or above write; viewers read; council roles and other communities are refused', async () => {
    expect(await closeCode(people.chair, queueName())).toBe(4403)
    expect(await closeCode(people.otherHandler, queueName())).toBe(4403)
    const viewer = await open(people.viewer, queueName())
    expect(viewer.doc.getMap('items').has(itemId)).toBe(true)
    expect(
      await answer(viewer, (d) =>
        addQueueStep(d, itemId, 'accept', '', { userId: people.viewer.id, name: '孙社区' }, Date.now()),
      ),
    ).toBe('read-only')
    await viewer.close()
    const street = await open(people.streetHandler, queueName())
    expect(
      await answer(street, (d) =>
        addQueueStep(d, itemId, 'accept', '', { userId: people.streetHandler.id, name: '钱街道' }, Date.now()),
      ),
    ).toBe('acked')
    await street.close()
  })

  it('hostile handler: no forged items, no steps in another name, no unknown items', async () => {
    const h = await open(people.handler, queueName())
    const item = h.doc.getMap('items').get(itemId) as Record<string, unknown>
    await h.close()
    // A fresh connection per attempt: a refused write stays in that client's copy.
    const attempt = async (edit: (d: Y.Doc) => void) => {
      const c = await open(people.handler, queueName())
      const code = await answer(c, edit)
      await c.close()
      return code
    }
    const self = { userId: people.handler.id, name: '赵社区' }
    expect(await attempt((d) => d.getMap('items').set('s_forged', { ...item, itemId: 's_forged' }))).toBe('server-only')
    expect(await attempt((d) => d.getMap('items').set(itemId, { ...item, dueAt: 1 }))).toBe('server-only')
    expect(
      await attempt((d) =>
        addQueueStep(d, itemId, 'handle', '办结', { userId: people.streetHandler.id, name: '钱街道' }, Date.now()),
      ),
    ).toBe('not-own-name')
    expect(await attempt((d) => addQueueStep(d, 's_ghost', 'handle', '办结', self, Date.now()))).toBe('queue-invalid')
    const stored = (await server.docs.get(queueName())).ydoc
    expect([...stored.getMap('items').keys()]).toEqual([itemId])
    expect(stored.getMap('items').get(itemId)).toEqual(item)
  })

  it('the handling comes back into the council trail in the handler name; the chair cannot forge it', async () => {
    const h = await open(people.handler, queueName())
    expect(
      await answer(h, (d) =>
        addQueueStep(
          d,
          itemId,
          'handle',
          '已更换线路，路灯恢复',
          { userId: people.handler.id, name: '赵社区' },
          Date.now(),
        ),
      ),
    ).toBe('acked')
    const chair = await open(people.chair, docName('event', councilId))
    await waitUntil(
      () => readEvents(chair.doc).events[0]?.steps.some((s) => s.kind === 'upper' && s.action === 'handle') ?? false,
      'mirrored handling',
    )
    const ev = readEvents(chair.doc).events[0]!
    const handled = ev.steps.find((s) => s.kind === 'upper' && s.action === 'handle')!
    expect(handled).toMatchObject({ by: people.handler.id, byName: '赵社区', note: '已更换线路，路灯恢复' })
    expect(ev.status).toBe('handled')
    // The accept by the street handler came back too, in their name, via the community's queue.
    expect(ev.steps.some((s) => s.kind === 'upper' && s.action === 'accept' && s.byName === '钱街道')).toBe(true)
    const { id: _id, ...copy } = handled
    const forged = { ...copy, byName: '李主任', by: people.chair.id, queueStepId: 'q_fake' }
    expect(await answer(chair, (d) => d.getMap('steps').set('s_fake', forged))).toBe('server-only')
    await chair.close()
    await h.close()
    // Nor take the mirror's key first with a step of an ordinary kind.
    const again = await open(people.chair, docName('event', councilId))
    const step = {
      kind: 'handle',
      eventId,
      at: Date.now(),
      by: people.chair.id,
      byName: '李主任',
      note: '抢注',
      seq: 9,
    }
    expect(await answer(again, (d) => d.getMap('steps').set('up_q_next', step))).toBe('bad-key')
    await again.close()
    const stored = readEvents((await server.docs.get(docName('event', councilId))).ydoc).events[0]!
    expect(stored.steps.filter((s) => s.kind === 'upper').map((s) => s.byName)).toEqual(['钱街道', '赵社区'])
  })
})
