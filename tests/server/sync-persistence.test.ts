/**
 * Restart, compaction and idle-unload behaviour of the in-process server.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectRawClient, type RawClient } from '../helpers/rawClient'
import { getHealth, startTestServer, waitUntil, type TestServer } from '../helpers/server'
import { rmSync } from 'node:fs'

const servers: TestServer[] = []
const clients: RawClient[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close()
  for (const s of servers.splice(0)) await s.stop()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function start(opts: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer(opts)
  servers.push(s)
  return s
}
async function connect(s: TestServer, name: string, doc?: Y.Doc) {
  const c = await connectRawClient(s.wsUrl, name, doc ? { doc } : {})
  clients.push(c)
  return c
}
const sv = (d: Y.Doc) => [...Y.encodeStateVector(d)]
function edit(c: RawClient, n: number) {
  for (let i = 0; i < n; i++) {
    c.doc.getText('t').insert(c.doc.getText('t').length, `x${i};`)
    c.doc.getArray<string>('a').push([`${c.doc.clientID}-${i}`])
    if (i % 3 === 0) c.doc.getMap('m').set(`k${i}`, i)
  }
}

describe('persistence', () => {
  it('a doc reloaded after a restart equals the doc before', async () => {
    const first = await start({ keepDataDir: true })
    dirs.push(first.dataDir)
    const writer = await connect(first, 'notes:restart')
    edit(writer, 40)
    writer.doc.getText('t').delete(0, 5)
    await writer.waitAcked()
    await writer.close()
    await first.stop()

    const second = await start({ dataDir: first.dataDir })
    const reader = await connect(second, 'notes:restart')
    expect(sv(reader.doc)).toEqual(sv(writer.doc))
    expect(reader.doc.getText('t').toString()).toBe(writer.doc.getText('t').toString())
    expect(reader.doc.getArray('a').toJSON()).toEqual(writer.doc.getArray('a').toJSON())
    expect(reader.doc.getMap('m').toJSON()).toEqual(writer.doc.getMap('m').toJSON())
  })

  it('compaction keeps content and state vector identical and leaves one row', async () => {
    const s = await start({ compactAfterUpdates: 1_000_000 })
    const a = await connect(s, 'notes:compact')
    const b = await connect(s, 'notes:compact')
    edit(a, 30)
    edit(b, 30)
    await Promise.all([a.waitAcked(), b.waitAcked()])
    await waitUntil(() => a.doc.getArray('a').length === 60, 'a sees b')
    const before = await s.store.load('notes:compact')
    expect(before.updates.length).toBeGreaterThan(10)

    await s.docs.compact('notes:compact')
    const after = await s.store.load('notes:compact')
    expect(after.updates).toHaveLength(1)
    const fromRows = new Y.Doc()
    for (const u of after.updates) Y.applyUpdate(fromRows, u)
    expect(sv(fromRows)).toEqual(sv(a.doc))
    expect(fromRows.getText('t').toString()).toBe(a.doc.getText('t').toString())
    expect(fromRows.getArray('a').toJSON()).toEqual(a.doc.getArray('a').toJSON())

    // Writes after a compaction still land after the snapshot.
    a.doc.getText('t').insert(0, 'after;')
    await a.waitAcked()
    const later = new Y.Doc()
    for (const u of (await s.store.load('notes:compact')).updates) Y.applyUpdate(later, u)
    expect(later.getText('t').toString()).toBe(a.doc.getText('t').toString())
  })

  it('compacts in the background once a doc has more than COMPACT_AFTER_UPDATES rows', async () => {
    const s = await start({ compactAfterUpdates: 10 })
    const a = await connect(s, 'notes:bg')
    for (let i = 0; i < 50; i++) {
      a.doc.getArray('a').push([i])
      if (i % 5 === 0) await a.waitAcked()
    }
    await a.waitAcked()
    await waitUntil(async () => (await s.store.load('notes:bg')).updates.length <= 11, 'background compaction')
    const d = new Y.Doc()
    for (const u of (await s.store.load('notes:bg')).updates) Y.applyUpdate(d, u)
    expect(d.getArray('a').toJSON()).toEqual(a.doc.getArray('a').toJSON())
  })

  it('does not store updates that add nothing new, but acks them', async () => {
    const s = await start()
    const a = await connect(s, 'notes:dup')
    a.doc.getText('t').insert(0, 'hello')
    await a.waitAcked()
    const rows = (await s.store.load('notes:dup')).updates.length
    // Reconnect with the same doc: the step2 it sends is redundant now.
    await a.close()
    const again = await connect(s, 'notes:dup', a.doc)
    await again.waitAcked(1)
    expect(again.rejects).toEqual([])
    expect((await s.store.load('notes:dup')).updates.length).toBe(rows)
  })

  it('unloads idle docs after the last client leaves and reloads them intact', async () => {
    const s = await start({ idleUnloadMs: 100 })
    const a = await connect(s, 'notes:idle')
    edit(a, 10)
    await a.waitAcked()
    expect((await getHealth(s.httpUrl)).openDocs).toBe(1)
    await a.close()
    await waitUntil(async () => (await getHealth(s.httpUrl)).openDocs === 0, 'openDocs 0')
    expect((await s.store.load('notes:idle')).updates).toHaveLength(1) // compacted on unload
    const b = await connect(s, 'notes:idle')
    expect(sv(b.doc)).toEqual(sv(a.doc))
    expect(b.doc.getText('t').toString()).toBe(a.doc.getText('t').toString())
    const h = await getHealth(s.httpUrl)
    expect(h).toMatchObject({ ok: true, openDocs: 1, clients: 1 })
  })

  it('relays updates and awareness between clients, and removes awareness on leave', async () => {
    const s = await start()
    const a = await connect(s, 'notes:relay')
    const b = await connect(s, 'notes:relay')
    a.doc.getText('t').insert(0, 'from a')
    await waitUntil(() => b.doc.getText('t').toString() === 'from a', 'b receives a')
    a.setAwareness({ user: 'a' })
    await waitUntil(() => b.awareness.getStates().get(a.doc.clientID)?.user === 'a', 'awareness relayed')
    await a.close()
    await waitUntil(() => !b.awareness.getStates().has(a.doc.clientID), 'awareness removed')
  })

  it('closes clients with 1001 on shutdown after storing their updates', async () => {
    const s = await startTestServer({ keepDataDir: true })
    dirs.push(s.dataDir)
    const a = await connect(s, 'notes:shutdown')
    a.doc.getText('t').insert(0, 'bye')
    await a.waitAcked()
    await s.stop()
    expect((await a.closed).code).toBe(1001)
    const again = await start({ dataDir: s.dataDir })
    const b = await connect(again, 'notes:shutdown')
    expect(b.doc.getText('t').toString()).toBe('bye')
  })

  it('survives rapid reconnects racing with idle unload', async () => {
    const s = await start({ idleUnloadMs: 1 })
    const doc = new Y.Doc()
    for (let i = 0; i < 25; i++) {
      const c = await connect(s, 'notes:churn', doc)
      doc.getArray('a').push([i])
      await c.waitAcked()
      await c.close()
      if (i % 2 === 0) await new Promise((r) => setTimeout(r, i % 4)) // sometimes let the unload start
    }
    await waitUntil(async () => (await getHealth(s.httpUrl)).openDocs === 0, 'unloaded')
    const fresh = await connect(s, 'notes:churn')
    expect(fresh.doc.getArray('a').toJSON()).toEqual(Array.from({ length: 25 }, (_, i) => i))
  })
})
