import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BURST_MS, ChangeOutbox, type OutboxChange } from '../../../src/sync/changeOutbox'

const u = (key: string): Uint8Array => {
  const d = new Y.Doc()
  d.getMap('m').set(key, 1)
  return Y.encodeStateAsUpdate(d)
}

function clock() {
  let t = 1_000
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('ChangeOutbox', () => {
  it('counts user actions: a typing burst is one, each command its own (one sentence + one agenda item = 2)', () => {
    const c = clock()
    const o = new ChangeOutbox({ now: c.now })
    const editor = { key: 'y-sync' } // the editor's shared origin object
    for (let i = 0; i < 20; i++) {
      o.record(u(`k${i}`), editor)
      c.advance(100)
    }
    o.record(u('agenda'), { source: 'client', userId: 'u1' })
    expect(o.count).toBe(2)
    expect(o.changes).toHaveLength(2) // offline keystrokes merge into one stored change
    c.advance(BURST_MS + 1)
    o.record(u('later'), editor) // a pause ends the burst
    expect(o.count).toBe(3)
  })

  it('bookkeeping marked sameAction (who typed this) joins the action before or after it', () => {
    const o = new ChangeOutbox()
    const editor = {}
    o.record(u('author'), { source: 'client', sameAction: true }) // the editor's empty first transaction
    o.record(u('typed'), editor)
    o.record(u('more'), editor)
    o.record(u('author2'), { sameAction: true })
    expect(o.count).toBe(1)
    expect(o.changes).toHaveLength(1)
  })

  it('never merges plain writes (no origin): each ballot stays its own change', () => {
    const o = new ChangeOutbox()
    o.record(u('b1'), null)
    o.record(u('b2'), null)
    expect(o.changes).toHaveLength(2)
    expect(o.count).toBe(2)
  })

  it('is stable across a reload: restored changes keep their ids and bursts', () => {
    const c = clock()
    let saved: OutboxChange[] = []
    const o = new ChangeOutbox({ now: c.now, onPersist: (x) => (saved = x) })
    const editor = {}
    o.record(u('a'), editor)
    o.record(u('b'), editor)
    o.record(u('c'), null)
    const again = new ChangeOutbox({ restored: saved })
    expect(again.count).toBe(2)
    expect(again.changes.map((x) => x.id)).toEqual(saved.map((x) => x.id))
  })

  it('sends each change as its own frame once synced; ACK removes, a refusal halts until reconcile', () => {
    const o = new ChangeOutbox()
    o.record(u('a'), null)
    o.record(u('b'), null)
    o.record(u('c'), null)
    const conn = o.connectionOpened()
    expect(o.takeSendable(conn)).toEqual([]) // not before the server's step2
    o.synced(conn)
    expect(o.takeSendable(conn).map((x) => x.seq)).toEqual([1, 2, 3])
    o.ack(conn, 1)
    o.reject(conn, 2, { code: 'forbidden', message: 'x' })
    expect(o.needsReconcile).toBe(false) // frame 3 still unanswered
    expect(o.record(u('d'), null)).toBe(false) // halted: not sent
    o.reject(conn, 3, { code: 'incomplete-update', message: 'gap' })
    expect(o.needsReconcile).toBe(true)
    const [, second, third] = [undefined, ...o.changes]
    expect([...o.verdicts.keys()]).toEqual([second?.id]) // a consequential refusal is no verdict
    expect(third).toBeDefined()
    o.replace(o.changes.filter((x) => !o.verdicts.has(x.id)))
    expect(o.changes).toHaveLength(2)
    expect(o.takeSendable(conn).map((x) => x.seq)).toEqual([4, 5])
  })

  it('a closed connection uncovers unanswered changes for the next one', () => {
    const o = new ChangeOutbox()
    o.record(u('a'), null)
    const c1 = o.connectionOpened()
    o.synced(c1)
    expect(o.takeSendable(c1)).toHaveLength(1)
    o.connectionClosed(c1)
    o.ack(c1, 1) // late ACK of a closed connection changes nothing
    expect(o.count).toBe(1)
    const c2 = o.connectionOpened()
    o.synced(c2)
    expect(o.takeSendable(c2).map((x) => x.seq)).toEqual([1])
    o.ack(c2, 1)
    expect(o.count).toBe(0)
  })
})
