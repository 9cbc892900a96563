/**
 * Connection over a fake socket (no network): in-order cumulative ACKs with pipelined frames,
 * group commit across a doc's queue, and REJECT + 1011 when storage fails.
 */
import { unrestricted } from '../helpers/access'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { Connection, type WebSocketLike } from '../../server/sync/Connection'
import { DocManager } from '../../server/docs/DocManager'
import type { DocStore } from '../../server/storage/DocStore'
import { createLogger } from '../../server/log'
import {
  MESSAGE_ACK,
  MESSAGE_REJECT,
  MESSAGE_SYNC,
  SYNC_UPDATE,
  readAck,
  readReject,
} from '../../src/protocol/messages'

class FakeSocket implements WebSocketLike {
  sent: Uint8Array[] = []
  closedWith: { code: number; reason: string } | null = null
  bufferedAmount = 0
  send(d: Uint8Array) {
    this.sent.push(d)
  }
  close(code: number, reason: string) {
    this.closedWith = { code, reason }
  }
  acks(): number[] {
    return this.sent.flatMap((m) => {
      const d = decoding.createDecoder(m)
      return decoding.readVarUint(d) === MESSAGE_ACK ? [readAck(d)] : []
    })
  }
  rejects() {
    return this.sent.flatMap((m) => {
      const d = decoding.createDecoder(m)
      return decoding.readVarUint(d) === MESSAGE_REJECT ? [readReject(d)] : []
    })
  }
}

class MemoryStore implements DocStore {
  rows = new Map<string, Uint8Array[]>()
  appendCalls: number[] = []
  failAppends = false
  loads = 0
  async load(doc: string) {
    this.loads++
    const r = this.rows.get(doc) ?? []
    return { updates: [...r], lastId: r.length }
  }
  async appendUpdates(doc: string, updates: Uint8Array[]) {
    await new Promise((r) => setTimeout(r, 5))
    if (this.failAppends) throw new Error('disk full')
    this.appendCalls.push(updates.length)
    const r = this.rows.get(doc) ?? []
    r.push(...updates)
    this.rows.set(doc, r)
    return r.length
  }
  async compact() {}
  async compactMerging() {
    return 0
  }
  async list() {
    return [...this.rows.keys()]
  }
  async remove(doc: string) {
    this.rows.delete(doc)
  }
  async close() {}
}

const log = createLogger('silent')
const opts = { maxBufferedBytes: 1 << 20, maxAwarenessBytes: 1 << 16, log }

function updateFrames(n: number): Uint8Array[] {
  const d = new Y.Doc()
  const frames: Uint8Array[] = []
  d.on('update', (u: Uint8Array) => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_SYNC)
    encoding.writeVarUint(e, SYNC_UPDATE)
    encoding.writeVarUint8Array(e, u)
    frames.push(encoding.toUint8Array(e))
  })
  for (let i = 0; i < n; i++) d.getArray('a').push([i])
  return frames
}

const allow = async () => ({ ok: true as const, access: unrestricted })

const settle = (ms = 100) => new Promise((r) => setTimeout(r, ms))
/** Polls until `done()` holds (a loaded machine can take far longer than a fixed sleep), then lets
 * anything that would wrongly follow happen too before the test checks it. */
async function settleUntil(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!done() && Date.now() < until) await settle(10)
  await settle(20)
}

describe('Connection', () => {
  it('ACKs pipelined frames in order and group-commits them', async () => {
    const store = new MemoryStore()
    const docs = new DocManager(store, { idleUnloadMs: 60_000, compactAfterUpdates: 1000, log })
    const ws = new FakeSocket()
    const conn = new Connection(ws, 'notes:a', '127.0.0.1', docs, opts, allow)
    for (const f of updateFrames(20)) conn.receive(f) // all arrive before the doc is even loaded
    await settleUntil(() => ws.acks().at(-1) === 20)
    const acks = ws.acks()
    expect(acks.at(-1)).toBe(20)
    expect(acks).toEqual([...acks].sort((a, b) => a - b))
    expect(store.appendCalls.length).toBeLessThan(20) // batched
    expect(store.rows.get('notes:a')).toHaveLength(20)
    conn.handleClose()
    await docs.close()
  })

  it('REJECTs with storage-failed and closes 1011 when the store fails', async () => {
    const store = new MemoryStore()
    store.failAppends = true
    const docs = new DocManager(store, { idleUnloadMs: 60_000, compactAfterUpdates: 1000, log })
    const ws = new FakeSocket()
    const conn = new Connection(ws, 'notes:b', '127.0.0.1', docs, opts, allow)
    for (const f of updateFrames(1)) conn.receive(f)
    await settleUntil(() => ws.closedWith !== null)
    expect(ws.acks()).toEqual([])
    expect(ws.rejects()).toEqual([{ seq: 1, code: 'storage-failed', message: expect.any(String) }])
    expect(ws.closedWith?.code).toBe(1011)
    await docs.close()
  })

  it('closes a slow consumer with 4529 instead of buffering', async () => {
    const store = new MemoryStore()
    const docs = new DocManager(store, { idleUnloadMs: 60_000, compactAfterUpdates: 1000, log })
    const ws = new FakeSocket()
    ws.bufferedAmount = 2 << 20
    new Connection(ws, 'notes:c', '127.0.0.1', docs, opts, allow)
    await settleUntil(() => ws.closedWith !== null)
    expect(ws.closedWith).toEqual({ code: 4529, reason: 'slow consumer' })
    await docs.close()
  })

  it('REJECTs writes on a read-only connection but ACKs an empty step2, and keeps the socket', async () => {
    const store = new MemoryStore()
    const docs = new DocManager(store, { idleUnloadMs: 60_000, compactAfterUpdates: 1000, log })
    const ws = new FakeSocket()
    const readOnly = async () => ({ ok: true as const, access: { ...unrestricted, level: 'read' as const } })
    const conn = new Connection(ws, 'notes:ro', '127.0.0.1', docs, opts, readOnly)
    const empty = encoding.createEncoder()
    encoding.writeVarUint(empty, 0)
    syncProtocol.writeUpdate(empty, Y.encodeStateAsUpdate(new Y.Doc()))
    conn.receive(encoding.toUint8Array(empty))
    for (const f of updateFrames(1)) conn.receive(f)
    await settleUntil(() => ws.rejects().length > 0)
    expect(ws.acks()).toEqual([1])
    expect(ws.rejects()).toEqual([{ seq: 2, code: 'read-only', message: expect.any(String) }])
    expect(ws.closedWith).toBeNull()
    expect(store.rows.get('notes:ro') ?? []).toHaveLength(0)
    conn.handleClose()
    await docs.close()
  })

  it('REJECTs an update refused by a content check without storing it, and stores the next one', async () => {
    const store = new MemoryStore()
    const docs = new DocManager(store, { idleUnloadMs: 60_000, compactAfterUpdates: 1000, log })
    const ws = new FakeSocket()
    let refuse = true
    const checked = async () => ({
      ok: true as const,
      access: {
        ...unrestricted,
        level: 'cond' as const,
        checkUpdate: () => (refuse ? { code: 'sealed', message: 'no' } : null),
      },
    })
    const conn = new Connection(ws, 'notes:chk', '127.0.0.1', docs, opts, checked)
    const [first, second] = updateFrames(2)
    conn.receive(first!)
    await settleUntil(() => ws.rejects().length > 0)
    refuse = false
    conn.receive(second!)
    await settleUntil(() => ws.acks().length > 0)
    expect(ws.rejects()).toEqual([{ seq: 1, code: 'sealed', message: 'no' }])
    expect(ws.acks()).toEqual([2])
    expect(ws.closedWith).toBeNull()
    conn.handleClose()
    await docs.close()
  })

  it('closes with the refusal code when access is denied', async () => {
    const store = new MemoryStore()
    const docs = new DocManager(store, { idleUnloadMs: 60_000, compactAfterUpdates: 1000, log })
    const ws = new FakeSocket()
    new Connection(ws, 'notes:deny', '127.0.0.1', docs, opts, async () => ({
      ok: false as const,
      code: 4401,
      reason: 'unauthenticated',
    }))
    await settleUntil(() => ws.closedWith !== null)
    expect(ws.closedWith).toEqual({ code: 4401, reason: 'unauthenticated' })
    expect(store.loads).toBe(0)
    await docs.close()
  })

  it('goes authenticating → loading → syncing → live → closing → closed', async () => {
    const store = new MemoryStore()
    const docs = new DocManager(store, { idleUnloadMs: 60_000, compactAfterUpdates: 1000, log })
    const ws = new FakeSocket()
    let letIn: () => void = () => {}
    const gate = new Promise<void>((r) => {
      letIn = r
    })
    const conn = new Connection(ws, 'notes:s', '127.0.0.1', docs, opts, async () => {
      await gate
      return { ok: true as const, access: unrestricted }
    })
    expect(conn.state).toBe('authenticating')
    letIn()
    await Promise.resolve()
    await Promise.resolve()
    expect(conn.state).toBe('loading')
    await settleUntil(() => conn.state !== 'loading')
    expect(conn.state).toBe('syncing')
    // The client's answer to our SyncStep1 (its SyncStep2) makes the connection live.
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_SYNC)
    syncProtocol.writeSyncStep2(e, new Y.Doc())
    conn.receive(encoding.toUint8Array(e))
    await settleUntil(() => conn.state !== 'syncing')
    expect(conn.state).toBe('live')
    // An undecodable update: later frames are ignored, the REJECT goes out, then the socket closes.
    const bad = encoding.createEncoder()
    encoding.writeVarUint(bad, MESSAGE_SYNC)
    encoding.writeVarUint(bad, SYNC_UPDATE)
    encoding.writeVarUint8Array(bad, new Uint8Array([255, 255, 255]))
    conn.receive(encoding.toUint8Array(bad))
    for (const f of updateFrames(1)) conn.receive(f)
    await Promise.resolve()
    await Promise.resolve()
    expect(['closing', 'closed']).toContain(conn.state)
    await settleUntil(() => conn.state === 'closed')
    expect(conn.state).toBe('closed')
    expect(ws.rejects().map((r) => r.code)).toEqual(['invalid-update'])
    expect(store.rows.get('notes:s') ?? []).toHaveLength(0) // the empty step2 is redundant; the frame after the bad one is ignored
    await docs.close()
  })
})
