/**
 * The escalation bridge (server/escalation/) over real websockets and a real store: an escalate step
 * stored in event:<council> puts an item (no personal data) in queue:<community>; a handler's step
 * in the queue comes back into the council trail as an 'upper' step in the handler's name; escalating
 * further moves the item to the street's queue; every write is idempotent; a crash between the two
 * writes is repaired by the start-up catch-up; two processes on PostgreSQL store an item once.
 * Access (who may open and write a queue) is tested in tests/server/escalationAccess.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectRawClient } from '../helpers/rawClient'
import { makeTempDir, startTestServer, waitUntil, type TestServer } from '../helpers/server'
import { DATABASE_URL, REDIS_URL, dropSchema, servicesGate, uniqueSchema } from '../helpers/services'
import type { OrgDirectory } from '../../server/escalation/orgDirectory'
import type { BridgeNode } from '../../src/domain/escalation/bridge'
import { readQueue } from '../../src/domain/escalation/queue'
import { DEFAULT_DEADLINE_DAYS, dueAtFor } from '../../src/domain/escalation/deadlines'
import { docName, parseDocName } from '../../src/domain/docTypes'
import { readEvents } from '../../src/domain/grid/events'
import { PostgresDocStore } from '../../server/storage/PostgresDocStore'
import { EscalationBridge } from '../../server/escalation/bridge'
import { createLogger } from '../../server/log'

const NODES: BridgeNode[] = [
  { id: 'd1', kind: 'district', name: '川汇区', parentId: null },
  { id: 's1', kind: 'street', name: '东大街道', parentId: 'd1' },
  { id: 'm1', kind: 'community', name: '邮政社区', parentId: 's1' },
]
const org: OrgDirectory = {
  nodes: async () => NODES,
  council: async (id) =>
    id === 'c1' ? { name: '邮政小区', nodeId: 'm1' } : id === 'c2' ? { name: '散居', nodeId: null } : null,
}
const T0 = Date.UTC(2026, 11, 2, 2, 0)

const servers: TestServer[] = []
afterAll(async () => {
  for (const s of servers) await s.stop()
})
async function start(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer({ orgDirectory: org, ...opts })
  servers.push(s)
  await s.escalationCatchUp
  return s
}

/** A council tablet: reports an event (with personal details) and escalates it to `toLevel`. */
function escalate(d: Y.Doc, eventId: string, stepId: string, toLevel = 'community') {
  d.transact(() => {
    d.getMap('events').set(eventId, {
      eventId,
      category: 'facility',
      title: '3号楼电梯停运',
      description: '住户张三 13912345678 反映',
      place: '3号楼2单元',
      householdId: '3-2-0301',
      gridId: null,
      source: 'worker',
      reporterId: 'u_w',
      reporterName: '王网格',
      foundAt: T0,
      createdAt: T0,
    })
    d.getMap('steps').set(`r_${eventId}`, {
      kind: 'report',
      eventId,
      at: T0,
      by: 'u_w',
      byName: '王网格',
      note: '',
      seq: 1,
    })
    d.getMap('steps').set(stepId, {
      kind: 'escalate',
      eventId,
      at: T0 + 60_000,
      by: 'u_chair',
      byName: '李主任',
      note: '需社区协调',
      seq: 2,
      toGridId: null,
      toLevel,
    })
  })
}
const handlerStep = (itemId: string, kind: string, note: string, seq: number, by = 'u_h') => ({
  kind,
  itemId,
  at: T0 + seq * 3_600_000,
  by,
  byName: by === 'u_h' ? '赵社区' : '钱街道',
  note,
  seq,
})

async function docOf(server: TestServer, name: string): Promise<Y.Doc> {
  return (await server.docs.get(name)).ydoc
}

describe('escalation bridge', () => {
  it('escalate → community queue item without personal data; handling → council trail in the handler name', async () => {
    const server = await start()
    const council = await connectRawClient(server.wsUrl, docName('event', 'c1'))
    escalate(council.doc, 'e_1', 's_up1')
    await waitUntil(
      async () => (await docOf(server, docName('queue', 'm1'))).getMap('items').has('s_up1'),
      'queue item',
    )
    const queueDoc = await docOf(server, docName('queue', 'm1'))
    const item = queueDoc.getMap('items').get('s_up1')
    expect(item).toMatchObject({
      councilId: 'c1',
      councilName: '邮政小区',
      eventId: 'e_1',
      summary: '3号楼电梯停运',
      level: 'community',
    })
    const json = JSON.stringify(item)
    for (const secret of ['张三', '13912345678', '3-2-0301', '王网格']) expect(json).not.toContain(secret)
    expect(queueDoc.getMap('meta').get('schemaVersion')).toBe(1)

    // The handler's tablet: accept, then handle with the result.
    const handler = await connectRawClient(server.wsUrl, docName('queue', 'm1'))
    handler.doc.getMap('steps').set('q_acc', handlerStep('s_up1', 'accept', '', 1))
    handler.doc.getMap('steps').set('q_done', handlerStep('s_up1', 'handle', '已协调维保单位，电梯恢复运行', 2))
    await waitUntil(() => council.doc.getMap('steps').has('up_q_done'), 'mirrored handling on the council tablet')
    const ev = readEvents(council.doc).events[0]!
    expect(ev).toMatchObject({ status: 'handled', closed: true })
    const upper = ev.steps.filter((s) => s.kind === 'upper')
    expect(upper.map((s) => [s.id, s.by, s.byName])).toEqual([
      ['up_q_acc', 'u_h', '赵社区'],
      ['up_q_done', 'u_h', '赵社区'],
    ])
    expect(upper[1]).toMatchObject({
      action: 'handle',
      viaNode: 'm1',
      nodeName: '邮政社区',
      note: '已协调维保单位，电梯恢复运行',
    })
    expect(readQueue(handler.doc).rows[0]).toMatchObject({ state: 'handled', closed: true })
    await council.close()
    await handler.close()
  })

  it('escalating further moves the item to the street queue; the street handling returns to the council too', async () => {
    const server = await start()
    const council = await connectRawClient(server.wsUrl, docName('event', 'c1'))
    escalate(council.doc, 'e_2', 's_up2')
    await waitUntil(async () => (await docOf(server, docName('queue', 'm1'))).getMap('items').has('s_up2'), 'item')
    const community = await connectRawClient(server.wsUrl, docName('queue', 'm1'))
    community.doc.getMap('steps').set('q_esc', handlerStep('s_up2', 'escalate', '需街道城管协调', 1))
    await waitUntil(
      async () => (await docOf(server, docName('queue', 's1'))).getMap('items').has('q_esc'),
      'street item',
    )
    const street = await connectRawClient(server.wsUrl, docName('queue', 's1'))
    expect(street.doc.getMap('items').get('q_esc')).toMatchObject({
      level: 'street',
      fromLevel: 'community',
      fromNodeId: 'm1',
      eventId: 'e_2',
    })
    street.doc.getMap('steps').set('q_st', handlerStep('q_esc', 'handle', '街道已督办', 2, 'u_s'))
    await waitUntil(() => council.doc.getMap('steps').has('up_q_st'), 'street handling in the council trail')
    const ev = readEvents(council.doc).events.find((e) => e.eventId === 'e_2')!
    expect(ev.steps.filter((s) => s.kind === 'upper').map((s) => [s.byName, s.kind === 'upper' && s.nodeName])).toEqual(
      [
        ['赵社区', '邮政社区'],
        ['钱街道', '东大街道'],
      ],
    )
    expect(ev.status).toBe('handled')
    for (const c of [council, community, street]) await c.close()
  })

  it('is idempotent: bridging the same step again writes nothing', async () => {
    const server = await start()
    const council = await connectRawClient(server.wsUrl, docName('event', 'c1'))
    escalate(council.doc, 'e_3', 's_up3', 'street')
    await waitUntil(
      async () => (await docOf(server, docName('queue', 's1'))).getMap('items').has('s_up3'),
      'street item',
    )
    const queue = await server.docs.get(docName('queue', 's1'))
    const rows = (await server.store.load(queue.name)).updates.length
    const step = council.doc.getMap('steps').get('s_up3') as never
    expect(await server.escalation!.escalation('c1', 's_up3', step, council.doc)).toBe('present')
    const report = await (await import('../../server/escalation/catchUp')).catchUpEscalations(
      server.store,
      server.escalation!,
    )
    expect(report.written).toBe(0)
    expect((await server.store.load(queue.name)).updates.length).toBe(rows)
    await council.close()
  })

  it("the deadline is the receiving node's setting, else the level's default", async () => {
    const server = await start()
    const handler = await connectRawClient(server.wsUrl, docName('queue', 'm1'))
    handler.doc.getMap('settings').set('deadlineDays', 5)
    await waitUntil(() => handler.ackedSeq >= handler.sentSeq, 'setting stored')
    const council = await connectRawClient(server.wsUrl, docName('event', 'c1'))
    escalate(council.doc, 'e_8', 's_up8')
    escalate(council.doc, 'e_9', 's_up9', 'street')
    await waitUntil(() => handler.doc.getMap('items').has('s_up8'), 'community item')
    const at = T0 + 60_000
    expect((handler.doc.getMap('items').get('s_up8') as { dueAt: number }).dueAt).toBe(dueAtFor(at, 5))
    await waitUntil(
      async () => (await docOf(server, docName('queue', 's1'))).getMap('items').has('s_up9'),
      'street item',
    )
    const street = (await docOf(server, docName('queue', 's1'))).getMap('items').get('s_up9') as { dueAt: number }
    expect(street.dueAt).toBe(dueAtFor(at, DEFAULT_DEADLINE_DAYS.street))
    await council.close()
    await handler.close()
  })

  it('a council outside the org tree escalates nowhere (logged, nothing written)', async () => {
    const server = await start()
    const council = await connectRawClient(server.wsUrl, docName('event', 'c2'))
    escalate(council.doc, 'e_4', 's_up4')
    await waitUntil(() => council.ackedSeq >= council.sentSeq, 'ack')
    await server.escalation!.idle()
    expect((await server.store.list()).filter((n) => parseDocName(n)?.kind === 'queue')).toEqual([])
    await council.close()
  })

  it('catch-up on start repairs a crash between the event write and the queue write (and the mirror)', async () => {
    const dataDir = makeTempDir()
    // 1st life: the bridge is "killed" between the two writes — the event step is stored, nothing else.
    const a = await start({ dataDir, keepDataDir: true, escalationBridge: false })
    const council = await connectRawClient(a.wsUrl, docName('event', 'c1'))
    escalate(council.doc, 'e_5', 's_up5')
    await waitUntil(() => council.ackedSeq >= council.sentSeq, 'event stored')
    await council.close()
    await a.close()
    // 2nd life: catch-up writes the item.
    const b = await start({ dataDir, keepDataDir: true })
    expect(await b.escalationCatchUp).toMatchObject({ written: 1 })
    expect((await docOf(b, docName('queue', 'm1'))).getMap('items').has('s_up5')).toBe(true)
    await b.close()
    // 3rd life, bridge off again: a handler step is stored, its mirror is not.
    const c = await start({ dataDir, keepDataDir: true, escalationBridge: false })
    const handler = await connectRawClient(c.wsUrl, docName('queue', 'm1'))
    handler.doc.getMap('steps').set('q_h5', handlerStep('s_up5', 'handle', '已处理', 1))
    await waitUntil(() => handler.ackedSeq >= handler.sentSeq, 'step stored')
    await handler.close()
    await c.close()
    const d = await start({ dataDir })
    expect(await d.escalationCatchUp).toMatchObject({ written: 1 })
    expect((await docOf(d, docName('event', 'c1'))).getMap('steps').get('up_q_h5')).toMatchObject({
      kind: 'upper',
      by: 'u_h',
      action: 'handle',
    })
  })
})

const skipPg = await servicesGate('postgres', 'redis')
describe.skipIf(skipPg)('two processes on PostgreSQL + Redis', () => {
  const schema = uniqueSchema('yishi_esc')
  afterAll(() => dropSchema(schema))

  it('both bridge the same escalation at the same moment: the item is stored once', async () => {
    const cfg = {
      storage: 'postgres' as const,
      databaseUrl: DATABASE_URL,
      pgSchema: schema,
      redisUrl: REDIS_URL,
      redisPrefix: `yishi-esc-${Math.random().toString(36).slice(2)}:`,
      // No live bridge: both processes race the same write from scratch (as two catch-up passes would).
      escalationBridge: false,
    }
    const p1 = await start(cfg)
    const p2 = await start(cfg)
    const log = createLogger('silent')
    const bridges = [p1, p2].map((p) => new EscalationBridge(p.docs, org, log))
    const council = await connectRawClient(p1.wsUrl, docName('event', 'c1'))
    escalate(council.doc, 'e_6', 's_up6')
    await waitUntil(() => council.ackedSeq >= council.sentSeq, 'stored')
    const onP2 = await connectRawClient(p2.wsUrl, docName('event', 'c1'))
    await waitUntil(() => onP2.doc.getMap('steps').has('s_up6'), 'on process 2')
    // Both load the queue first, so neither has seen the other's write when it decides to write.
    await Promise.all([p1, p2].map((p) => p.docs.get(docName('queue', 'm1'))))
    const step = onP2.doc.getMap('steps').get('s_up6') as never
    const race = await Promise.all([
      bridges[0]!.escalation('c1', 's_up6', step, council.doc),
      bridges[1]!.escalation('c1', 's_up6', step, onP2.doc),
    ])
    expect([...race].sort()).toEqual(['present', 'written'])
    const store = new PostgresDocStore({ connectionString: DATABASE_URL, schema })
    await store.ready
    const itemWrites = (await store.load(docName('queue', 'm1'))).updates.filter((u) => {
      const d = new Y.Doc()
      Y.applyUpdate(d, u)
      return d.getMap('items').has('s_up6')
    })
    expect(itemWrites.length).toBe(1)
    await store.close()
    await council.close()
    await onP2.close()
    // Before this describe's afterAll drops the schema: a process still rebuilding its read models
    // there would wait forever on the dropped tables' locks.
    await p1.stop()
    await p2.stop()
  })
})
