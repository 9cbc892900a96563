import { describe, expect, it } from 'vitest'
import { PendingTracker } from '../../../src/sync/pendingTracker'
import { classifyFrame } from '../../../src/sync/trackedSocket'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'

describe('PendingTracker', () => {
  it('online edit: update frame covers it, ACK clears it', () => {
    const t = new PendingTracker()
    const c = t.connectionOpened()
    expect(t.frameSent(c, 'step2')).toBe(1) // handshake step2 with nothing pending
    t.localChange()
    expect(t.count).toBe(1)
    expect(t.frameSent(c, 'update')).toBe(2)
    t.ack(c, 1)
    expect(t.count).toBe(1)
    t.ack(c, 2)
    expect(t.count).toBe(0)
  })

  it('offline edits are covered by the next connection’s step2, not by update frames', () => {
    const t = new PendingTracker()
    t.localChange()
    t.localChange()
    const c = t.connectionOpened()
    t.localChange() // made while open, before the handshake step2
    t.frameSent(c, 'update') // covers only the change made during this connection
    expect(t.snapshot()).toMatchObject({ covered: 1, uncovered: 2 })
    t.ack(c, 1)
    expect(t.count).toBe(2)
    t.frameSent(c, 'step2')
    expect(t.snapshot()).toMatchObject({ covered: 2, uncovered: 0 })
    t.ack(c, 2)
    expect(t.count).toBe(0)
  })

  it('disconnect uncovers unacknowledged entries; a stale ACK after reconnect does not clear them', () => {
    const t = new PendingTracker()
    const c1 = t.connectionOpened()
    t.frameSent(c1, 'step2')
    t.localChange()
    t.frameSent(c1, 'update') // seq 2 on c1
    t.connectionClosed(c1)
    expect(t.snapshot()).toMatchObject({ covered: 0, uncovered: 1, openConn: null })
    t.localChange() // offline
    const c2 = t.connectionOpened()
    t.ack(c1, 2) // late ACK for the old connection: ignored
    expect(t.count).toBe(2)
    t.ack(c2, 5) // nothing covered on c2 yet
    expect(t.count).toBe(2)
    expect(t.frameSent(c2, 'step2')).toBe(1)
    t.ack(c2, 1)
    expect(t.count).toBe(0)
  })

  it('connectionClosed is idempotent and frames on a closed connection take no number', () => {
    const t = new PendingTracker()
    const c = t.connectionOpened()
    t.connectionClosed(c)
    t.connectionClosed(c)
    expect(t.frameSent(c, 'update')).toBe(0)
  })

  it('reload: the persisted count comes back as uncovered entries, cleared by step2 + ACK', () => {
    const counts: number[] = []
    const before = new PendingTracker({ onCountChange: (n) => counts.push(n) })
    before.localChange()
    before.localChange()
    before.localChange()
    expect(counts.at(-1)).toBe(3)
    const after = new PendingTracker({ restoredCount: counts.at(-1) ?? 0 })
    expect(after.count).toBe(3)
    const c = after.connectionOpened()
    after.localChange()
    after.frameSent(c, 'update')
    after.ack(c, 1)
    expect(after.count).toBe(3) // restored entries need the step2
    after.frameSent(c, 'step2')
    after.ack(c, 2)
    expect(after.count).toBe(0)
  })

  it('step2 also re-covers entries still attributed to an older connection (late close event)', () => {
    const t = new PendingTracker()
    const c1 = t.connectionOpened()
    t.localChange()
    t.frameSent(c1, 'update')
    const c2 = t.connectionOpened() // c1's close not reported yet
    t.frameSent(c2, 'step2')
    t.connectionClosed(c1) // must not uncover what c2 now carries
    t.ack(c2, 1)
    expect(t.count).toBe(0)
  })

  it('REJECT drops the refused frame’s entries and reports them', () => {
    const rejections: Array<{ code: string; changes: number }> = []
    const t = new PendingTracker({ onReject: (r) => rejections.push(r) })
    const c = t.connectionOpened()
    t.frameSent(c, 'step2')
    t.localChange()
    t.frameSent(c, 'update') // seq 2 — refused
    t.localChange()
    t.frameSent(c, 'update') // seq 3
    t.reject(c, { seq: 2, code: 'sealed', message: '会议纪要已封存' })
    expect(rejections).toEqual([expect.objectContaining({ code: 'sealed', changes: 1 })])
    expect(t.count).toBe(1)
    t.ack(c, 3)
    expect(t.count).toBe(0)
  })
})

describe('classifyFrame', () => {
  it('recognises y-websocket step2 and update frames', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'hi')
    const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      write(e)
      return encoding.toUint8Array(e)
    }
    expect(classifyFrame(frame((e) => syncProtocol.writeSyncStep1(e, doc)))).toBeNull()
    expect(classifyFrame(frame((e) => syncProtocol.writeSyncStep2(e, doc)))).toBe('step2')
    expect(classifyFrame(frame((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))))).toBe('update')
    expect(classifyFrame(new Uint8Array([1, 0]))).toBeNull()
  })
})
