/**
 * SharedDoc fan-out: one merged frame per applied batch (encoded once, same bytes to every peer),
 * no echo of a client's own update, ACKs not delayed; awareness coalesced per ~100 ms window and
 * heartbeat-only renewals not rebroadcast as they come (yjs #732).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { SharedDoc, type DocPeer } from '../../server/docs/SharedDoc'
import type { DocStore } from '../../server/storage/DocStore'
import { createLogger } from '../../server/log'
import { clientOrigin, systemOrigin } from '../../server/origins'
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src/protocol/messages'

const log = createLogger('silent')

function memoryStore(): DocStore {
  const rows: Uint8Array[] = []
  return {
    load: async () => ({ updates: [], lastId: 0 }),
    appendUpdates: async (_d: string, us: Uint8Array[]) => {
      await new Promise((r) => setTimeout(r, 2))
      rows.push(...us)
      return rows.length
    },
    compact: async () => {},
    compactMerging: async () => 0,
    list: async () => [],
    remove: async () => {},
    close: async () => {},
  } as unknown as DocStore
}

class Peer implements DocPeer {
  sent: Uint8Array[] = []
  constructor(readonly id: string) {}
  send(m: Uint8Array) {
    this.sent.push(m)
  }
  updates(): Uint8Array[] {
    return this.sent.filter((m) => m[0] === MESSAGE_SYNC)
  }
  awareness(): Uint8Array[] {
    return this.sent.filter((m) => m[0] === MESSAGE_AWARENESS)
  }
}

function makeDoc(opts: { awarenessWindowMs?: number; awarenessHeartbeatMs?: number } = {}) {
  return new SharedDoc(
    'notes:c1:t',
    memoryStore(),
    { updates: [], lastId: 0 },
    { compactAfterUpdates: 1000, log, ...opts },
  )
}

/** An update setting key `k` of map 'm' to `v`, from a fresh client. */
function edit(k: string, v: string): Uint8Array {
  const d = new Y.Doc()
  d.getMap('m').set(k, v)
  return Y.encodeStateAsUpdate(d)
}

/** Applies sync-update frames to a fresh doc and returns map m as JSON. */
function contentOf(frames: Uint8Array[]): Record<string, unknown> {
  const d = new Y.Doc()
  for (const f of frames) {
    const dec = decoding.createDecoder(f)
    expect(decoding.readVarUint(dec)).toBe(MESSAGE_SYNC)
    expect(decoding.readVarUint(dec)).toBe(syncProtocol.messageYjsUpdate)
    Y.applyUpdate(d, decoding.readVarUint8Array(dec))
  }
  return d.getMap('m').toJSON()
}

function awarenessStates(frames: Uint8Array[]): Map<number, { clock: number; state: unknown }> {
  const out = new Map<number, { clock: number; state: unknown }>()
  for (const f of frames) {
    const dec = decoding.createDecoder(f)
    decoding.readVarUint(dec)
    const u = decoding.createDecoder(decoding.readVarUint8Array(dec))
    const n = decoding.readVarUint(u)
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(u)
      const clock = decoding.readVarUint(u)
      out.set(id, { clock, state: JSON.parse(decoding.readVarString(u)) })
    }
  }
  return out
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('SharedDoc update fan-out', () => {
  it('merges updates applied in one batch into one frame, the same bytes for every non-sender', async () => {
    const doc = makeDoc()
    const [a, b, c, d] = ['ca', 'cb', 'cc', 'cd'].map((id) => new Peer(id))
    for (const p of [a, b, c, d]) doc.addPeer(p!)
    const writes = [
      doc.submit(edit('a', '1'), clientOrigin('ca')),
      doc.submit(edit('b', '2'), clientOrigin('cb')),
      doc.submit(edit('s', '3'), systemOrigin('test')),
    ]
    await Promise.all(writes)
    expect(c!.updates()).toHaveLength(1)
    expect(d!.updates()).toHaveLength(1)
    expect(c!.updates()[0]).toBe(d!.updates()[0]) // encoded once
    expect(contentOf(c!.updates())).toEqual({ a: '1', b: '2', s: '3' })
    // Senders get one merge of everything except their own update.
    expect(a!.updates()).toHaveLength(1)
    expect(contentOf(a!.updates())).toEqual({ b: '2', s: '3' })
    expect(contentOf(b!.updates())).toEqual({ a: '1', s: '3' })
    expect(doc.stats.updateFrames).toBe(4)
    doc.destroy()
  })

  it('broadcasts before the write resolves (ACKs are not delayed behind fan-out)', async () => {
    const doc = makeDoc()
    const other = new Peer('cx')
    doc.addPeer(other)
    const seenAtResolve = doc.submit(edit('k', 'v'), clientOrigin('cy')).then(() => other.updates().length)
    expect(await seenAtResolve).toBe(1)
    doc.destroy()
  })

  it('sends the only sender nothing, and with many senders gives each the others’ updates individually', async () => {
    const doc = makeDoc()
    const solo = new Peer('solo')
    doc.addPeer(solo)
    await doc.submit(edit('x', '1'), clientOrigin('solo'))
    expect(solo.updates()).toHaveLength(0)

    const senders = Array.from({ length: 12 }, (_, i) => new Peer(`s${i}`))
    const watcher = new Peer('w')
    for (const p of [...senders, watcher]) doc.addPeer(p)
    await Promise.all(senders.map((p, i) => doc.submit(edit(`k${i}`, String(i)), clientOrigin(p.id))))
    expect(watcher.updates()).toHaveLength(1)
    const expectedAll = Object.fromEntries(senders.map((_, i) => [`k${i}`, String(i)]))
    expect(contentOf(watcher.updates())).toEqual(expectedAll)
    for (const [i, p] of senders.entries()) {
      const { [`k${i}`]: own, ...rest } = expectedAll
      expect(own).toBeDefined()
      expect(contentOf(p.updates())).toEqual(rest)
    }
    doc.destroy()
  })

  it('coalesces remote updates applied in one turn into one frame', async () => {
    const doc = makeDoc()
    const p = new Peer('p')
    doc.addPeer(p)
    doc.applyRemoteUpdate(edit('r1', 'a'), 1)
    doc.applyRemoteUpdate(edit('r2', 'b'), 2)
    await Promise.resolve()
    expect(p.updates()).toHaveLength(1)
    expect(contentOf(p.updates())).toEqual({ r1: 'a', r2: 'b' })
    doc.destroy()
  })
})

describe('SharedDoc awareness fan-out', () => {
  function client() {
    const aw = new awarenessProtocol.Awareness(new Y.Doc())
    return { aw, encode: () => awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID]) }
  }

  it('sends a lone change at once, then the latest state per client once per window; never to its owner alone', async () => {
    const doc = makeDoc({ awarenessWindowMs: 40 })
    const owner = new Peer('owner')
    const other = new Peer('other')
    doc.addPeer(owner)
    doc.addPeer(other)
    const c = client()
    for (let i = 0; i < 5; i++) {
      c.aw.setLocalState({ cursor: i })
      awarenessProtocol.applyAwarenessUpdate(doc.awareness, c.encode(), owner)
    }
    expect(other.awareness()).toHaveLength(1) // the first, immediately
    await sleep(80)
    expect(other.awareness()).toHaveLength(2) // the rest: one frame, latest state only
    expect(awarenessStates(other.awareness().slice(1)).get(c.aw.clientID)?.state).toEqual({ cursor: 4 })
    expect(owner.awareness()).toHaveLength(0)
    doc.destroy()
  })

  it('does not rebroadcast heartbeat-only renewals as they come; batches them into one frame', async () => {
    const doc = makeDoc({ awarenessWindowMs: 10, awarenessHeartbeatMs: 60 })
    const peers = [new Peer('p0'), new Peer('p1'), new Peer('p2')]
    for (const p of peers) doc.addPeer(p)
    const clients = peers.map(() => client())
    clients.forEach((c, i) => {
      c.aw.setLocalState({ name: `u${i}` })
      awarenessProtocol.applyAwarenessUpdate(doc.awareness, c.encode(), peers[i])
    })
    await sleep(30)
    const before = peers.map((p) => p.awareness().length)
    // Heartbeats: same state, clock bumped (what the client's 15 s renewal sends).
    clients.forEach((c, i) => {
      c.aw.setLocalState({ name: `u${i}` })
      awarenessProtocol.applyAwarenessUpdate(doc.awareness, c.encode(), peers[i])
    })
    await sleep(20)
    expect(peers.map((p) => p.awareness().length)).toEqual(before) // nothing yet
    await sleep(70)
    for (const p of peers) expect(p.awareness().length).toBe(before[peers.indexOf(p)]! + 1)
    const renewed = awarenessStates([peers[0]!.awareness().at(-1)!])
    expect(renewed.size).toBe(3) // one frame renews every client (keeps them under the 30 s timeout)
    for (const c of clients) expect(renewed.get(c.aw.clientID)?.clock).toBe(c.aw.meta.get(c.aw.clientID)!.clock)
    doc.destroy()
  })
})
