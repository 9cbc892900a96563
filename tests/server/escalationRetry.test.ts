/**
 * The escalation bridge retries a failed write while the server runs (server/escalation/retry.ts):
 * the store refuses the queue item write, then the trail write back to the council, a few times; each
 * arrives without a restart, counted in /healthz and logged. A write that keeps failing stops after
 * the bound (left to the next start's catch-up, tests/server/escalation.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { OrgDirectory } from '../../server/escalation/orgDirectory'
import { retryDelay } from '../../server/escalation/retry'
import { createLogger } from '../../server/log'
import type { DocStore } from '../../server/storage/DocStore'
import { SqliteDocStore } from '../../server/storage/SqliteDocStore'
import { docName } from '../../src/domain/docTypes'
import { readEvents } from '../../src/domain/grid/events'
import { connectRawClient, type RawClient } from '../helpers/rawClient'
import { getHealth, makeTempDir, startTestServer, waitUntil, type TestServer } from '../helpers/server'

const org: OrgDirectory = {
  nodes: async () => [
    { id: 'd1', kind: 'district', name: '川汇区', parentId: null },
    { id: 's1', kind: 'street', name: '东大街道', parentId: 'd1' },
    { id: 'm1', kind: 'community', name: '邮政社区', parentId: 's1' },
  ],
  council: async (id) => (id === 'c1' ? { name: '邮政小区', nodeId: 'm1' } : null),
}
const T0 = Date.UTC(2026, 11, 2, 2, 0)
const FAST = { baseMs: 20, maxMs: 100, attempts: 4 }

const servers: TestServer[] = []
const clients: RawClient[] = []
afterAll(async () => {
  for (const c of clients) await c.close()
  for (const s of servers) await s.stop()
})

/** A store whose appends to `failing[doc]` throw that many more times. */
function flakyStore(dir: string) {
  const base = new SqliteDocStore(dir)
  const failing = new Map<string, number>()
  const store: DocStore = Object.assign(Object.create(base) as DocStore, {
    appendUpdates: async (doc: string, updates: Uint8Array[]) => {
      const left = failing.get(doc) ?? 0
      if (left > 0) {
        failing.set(doc, left - 1)
        throw new Error(`disk unavailable (${doc})`)
      }
      return base.appendUpdates(doc, updates)
    },
  })
  return { store, failing }
}

async function start(dir: string, store: DocStore, lines: string[], attempts = FAST.attempts) {
  const log = createLogger('info', (line) => lines.push(line))
  const s = await startTestServer({
    dataDir: dir,
    store,
    log,
    orgDirectory: org,
    escalationRetry: { ...FAST, attempts },
  })
  servers.push(s)
  await s.escalationCatchUp
  return s
}

function escalate(d: Y.Doc, eventId: string, stepId: string): void {
  d.transact(() => {
    d.getMap('events').set(eventId, {
      eventId,
      category: 'facility',
      title: '3号楼电梯停运',
      description: '',
      place: '3号楼',
      gridId: null,
      source: 'worker',
      reporterId: 'u_w',
      reporterName: '王网格',
      foundAt: T0,
      createdAt: T0,
    })
    d.getMap('steps').set(`r_${eventId}`, { kind: 'report', eventId, at: T0, by: 'u_w', byName: '王网格', seq: 1 })
    d.getMap('steps').set(stepId, {
      kind: 'escalate',
      eventId,
      at: T0 + 60_000,
      by: 'u_chair',
      byName: '李主任',
      note: '',
      seq: 2,
      toGridId: null,
      toLevel: 'community',
    })
  })
}

const logged = (lines: string[], msg: string) => lines.filter((l) => JSON.parse(l).msg === msg)

describe('escalation bridge retry while running', () => {
  it('backoff doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(FAST, n))).toEqual([20, 40, 80, 100, 100])
  })

  it('a refused queue write, then a refused trail write: both arrive without a restart', async () => {
    const dir = makeTempDir()
    const { store, failing } = flakyStore(dir)
    const lines: string[] = []
    const server = await start(dir, store, lines)
    const council = await connectRawClient(server.wsUrl, docName('event', 'c1'))
    clients.push(council)

    failing.set(docName('queue', 'm1'), 2)
    escalate(council.doc, 'e_1', 's_up1')
    const queue = await connectRawClient(server.wsUrl, docName('queue', 'm1'))
    clients.push(queue)
    await waitUntil(() => queue.doc.getMap('items').has('s_up1'), 'queue item after two failed writes')
    expect(failing.get(docName('queue', 'm1'))).toBe(0)
    expect(logged(lines, 'escalation bridge write failed; retrying').map((l) => JSON.parse(l).attempt)).toEqual([1, 2])
    expect((await getHealth(server.httpUrl)).escalationBridge).toEqual({
      waiting: 0,
      retried: 2,
      recovered: 1,
      gaveUp: 0,
    })

    // The trail write back to the council fails once; the handler's step still reaches the council.
    failing.set(docName('event', 'c1'), 1)
    queue.doc.getMap('steps').set('q_done', {
      kind: 'handle',
      itemId: 's_up1',
      at: T0 + 3_600_000,
      by: 'u_h',
      byName: '赵社区',
      note: '电梯已恢复',
      seq: 1,
    })
    await waitUntil(() => council.doc.getMap('steps').has('up_q_done'), 'mirrored handling on the council tablet')
    expect(readEvents(council.doc).events[0]).toMatchObject({ status: 'handled', closed: true })
    expect((await getHealth(server.httpUrl)).escalationBridge).toMatchObject({ retried: 3, recovered: 2, gaveUp: 0 })
    expect(logged(lines, 'escalation bridge write recovered')).toHaveLength(2)
  })

  it('a write that keeps failing stops after the bound, logged as left to the catch-up', async () => {
    const dir = makeTempDir()
    const { store, failing } = flakyStore(dir)
    const lines: string[] = []
    const server = await start(dir, store, lines, 3)
    const council = await connectRawClient(server.wsUrl, docName('event', 'c1'))
    clients.push(council)
    failing.set(docName('queue', 'm1'), 1_000)
    escalate(council.doc, 'e_2', 's_up2')
    await waitUntil(async () => (await getHealth(server.httpUrl)).escalationBridge?.gaveUp === 1, 'gave up')
    expect((await getHealth(server.httpUrl)).escalationBridge).toEqual({
      waiting: 0,
      retried: 2,
      recovered: 0,
      gaveUp: 1,
    })
    expect(failing.get(docName('queue', 'm1'))).toBe(1_000 - 3)
    expect(logged(lines, 'escalation bridge write failed; the next start catches it up')).toHaveLength(1)
    expect((await server.docs.get(docName('queue', 'm1'))).ydoc.getMap('items').has('s_up2')).toBe(false)
  })
})
