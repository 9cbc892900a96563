/**
 * Bad input must close only the offending connection (with a code), never the process; and the
 * first load of a doc must happen once and complete before any client is answered (#81).
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { connectRawClient, openRawSocket, type RawClient } from '../helpers/rawClient'
import { getHealth, makeTempDir, startTestServer, type TestServer } from '../helpers/server'
import { SqliteDocStore } from '../../server/storage/SqliteDocStore'
import type { DocStore } from '../../server/storage/DocStore'
import { MESSAGE_SYNC, SYNC_UPDATE } from '../../src/protocol/messages'
import { rmSync } from 'node:fs'

const servers: TestServer[] = []
const clients: RawClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close()
  for (const s of servers.splice(0)) await s.stop()
})

async function expectHealthyAndSyncing(s: TestServer, name: string) {
  const writer = await connectRawClient(s.wsUrl, name)
  const reader = await connectRawClient(s.wsUrl, name)
  clients.push(writer, reader)
  writer.doc.getText('t').insert(0, 'still works')
  await writer.waitAcked()
  await reader.waitFor(() => reader.doc.getText('t').toString() === 'still works', 'relay')
  expect((await getHealth(s.httpUrl)).ok).toBe(true)
}

describe('bad input', () => {
  it('closes a connection that sends an oversized frame with 1009', async () => {
    const s = await startTestServer({ maxFrameBytes: 64 * 1024 })
    servers.push(s)
    const { ws, closed } = await openRawSocket(`${s.wsUrl}/notes:big`)
    ws.send(new Uint8Array(100 * 1024))
    expect((await closed).code).toBe(1009)
    await expectHealthyAndSyncing(s, 'notes:big')
  })

  it('closes on garbage bytes, unknown message types and text frames with 4400', async () => {
    const s = await startTestServer()
    servers.push(s)
    const frames: (Uint8Array | string)[] = [
      new Uint8Array([0xff, 0xff, 0xff]), // truncated varint
      new Uint8Array([42, 1, 2, 3]), // unknown message type
      new Uint8Array([MESSAGE_SYNC, 9, 0]), // unknown sync sub-type
      new Uint8Array([MESSAGE_SYNC, SYNC_UPDATE, 200]), // truncated payload
      'hello', // text frame
    ]
    for (const f of frames) {
      const { ws, closed } = await openRawSocket(`${s.wsUrl}/notes:garbage`)
      ws.send(f)
      const info = await closed
      expect(info.code, `frame ${String(f)}`).toBe(4400)
      expect(info.reason.length).toBeGreaterThan(0)
    }
    await expectHealthyAndSyncing(s, 'notes:garbage')
  })

  it('REJECTs an invalid Yjs update, closes with 4400 and stores nothing', async () => {
    const s = await startTestServer()
    servers.push(s)
    const bad = await connectRawClient(s.wsUrl, 'notes:invalid')
    clients.push(bad)
    await bad.waitAcked(1) // its initial step2
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_SYNC)
    encoding.writeVarUint(e, SYNC_UPDATE)
    encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 17, 3, 99, 255, 255, 1, 0, 7]))
    bad.sendRaw(encoding.toUint8Array(e))
    const info = await bad.closed
    expect(info).toEqual({ code: 4400, reason: 'invalid update' })
    expect(bad.rejects).toEqual([{ seq: 2, code: 'invalid-update', message: expect.any(String) }])
    expect((await s.store.load('notes:invalid')).updates.every((u) => u.length > 0)).toBe(true)
    await expectHealthyAndSyncing(s, 'notes:invalid')
  })

  it('refuses invalid doc names with 4400 after the upgrade, and non-/sync upgrades with 404', async () => {
    const s = await startTestServer()
    servers.push(s)
    for (const path of [
      '/sync/Notes:x',
      '/sync/notes',
      '/sync/notes:a%2F..%2F..',
      '/sync/',
      `/sync/notes:${'x'.repeat(200)}`,
    ]) {
      const { closed } = await openRawSocket(`ws://127.0.0.1:${s.port}${path}`)
      expect(await closed, path).toEqual({ code: 4400, reason: 'invalid doc name' })
    }
    await expect(openRawSocket(`ws://127.0.0.1:${s.port}/other`)).rejects.toThrow(/404/)
    await expectHealthyAndSyncing(s, 'notes:ok')
  })

  it('caps connections per IP with 4529', async () => {
    const s = await startTestServer({ maxConnectionsPerIp: 2 })
    servers.push(s)
    const a = await connectRawClient(s.wsUrl, 'notes:cap')
    const b = await connectRawClient(s.wsUrl, 'notes:cap')
    clients.push(a, b)
    const { closed } = await openRawSocket(`${s.wsUrl}/notes:cap`)
    expect((await closed).code).toBe(4529)
  })
})

describe('concurrent first load (#81)', () => {
  it('50 clients connecting at once cause one load and all receive the stored content', async () => {
    const dir = makeTempDir()
    const base = new SqliteDocStore(dir)
    const seed = new Y.Doc()
    seed.getText('t').insert(0, '已存内容 stored content')
    seed.getArray('a').push([1, 2, 3])
    await base.appendUpdates('notes:crowd', [Y.encodeStateAsUpdate(seed)])
    let loads = 0
    // Slow load widens the race window: all 50 upgrades arrive while the load is in flight.
    const counting: DocStore = Object.assign(Object.create(base) as DocStore, {
      load: async (doc: string) => {
        loads++
        await new Promise((r) => setTimeout(r, 150))
        return base.load(doc)
      },
    })
    const s = await startTestServer({ store: counting, dataDir: dir })
    servers.push(s)
    const crowd = await Promise.all(Array.from({ length: 50 }, () => connectRawClient(s.wsUrl, 'notes:crowd')))
    clients.push(...crowd)
    expect(loads).toBe(1)
    for (const c of crowd) {
      expect(c.doc.getText('t').toString()).toBe('已存内容 stored content')
      expect(c.doc.getArray('a').toJSON()).toEqual([1, 2, 3])
    }
    expect((await getHealth(s.httpUrl)).clients).toBe(50)
    for (const c of clients.splice(0)) await c.close()
    await s.stop()
    servers.splice(0)
    rmSync(dir, { recursive: true, force: true })
  })
})
