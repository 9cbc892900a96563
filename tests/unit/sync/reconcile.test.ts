/** reconcile(): the offline-ballots and sealed-minutes shapes, in memory (no network). */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { reconcile, type PendingChange, type Refusal } from '../../../src/sync/reconcile'

function recorder(doc: Y.Doc) {
  const changes: PendingChange[] = []
  return {
    changes,
    act(id: string, fn: () => void): void {
      const parts: Uint8Array[] = []
      const on = (u: Uint8Array) => parts.push(u)
      doc.on('update', on)
      doc.transact(fn)
      doc.off('update', on)
      changes.push({ id, update: Y.mergeUpdates(parts), at: changes.length })
    },
  }
}

const copy = (d: Y.Doc) => {
  const c = new Y.Doc()
  Y.applyUpdate(c, Y.encodeStateAsUpdate(d))
  return c
}

describe('reconcile', () => {
  it('keeps every valid offline ballot, lists the refused one, and matches the server after sending', () => {
    const server = new Y.Doc()
    server.getMap('meta').set('status', 'open')
    const tablet = copy(server)
    const rec = recorder(tablet)
    for (let i = 1; i <= 12; i++) {
      const hh = i === 6 ? '9-9-0101' : `2-1-01${String(i).padStart(2, '0')}`
      rec.act(`c${i}`, () => tablet.getMap('ballots').set(`b${i}`, { householdId: hh, choice: 'yes' }))
    }
    // Meanwhile another tablet's ballot reached the server.
    server.getMap('ballots').set('other', { householdId: '1-1-0101', choice: 'no' })
    // Changes 1–5 were accepted (ACKed, stored); 6 refused; 7–12 refused as consequences.
    for (const c of rec.changes.slice(0, 5)) Y.applyUpdate(server, c.update)
    const verdicts = new Map<string, Refusal>([['c6', { code: 'forbidden', message: '不在您负责的单元' }]])
    const r = reconcile({ serverState: Y.encodeStateAsUpdate(server), local: tablet, pending: rec.changes, verdicts })
    expect(r.refused.map((x) => x.change.id)).toEqual(['c6'])
    expect(r.pending.map((c) => c.id)).toEqual(['c7', 'c8', 'c9', 'c10', 'c11', 'c12'])
    for (const c of r.pending) Y.applyUpdate(server, c.update)
    expect(server.store.pendingStructs).toBeNull()
    expect(r.doc.getMap('ballots').toJSON()).toEqual(server.getMap('ballots').toJSON())
    expect(server.getMap('ballots').size).toBe(12) // 11 valid + the other tablet's
    expect(server.getMap('ballots').has('b6')).toBe(false)
  })

  it('refuses a change the domain rule rejects on the rebuilt doc, without touching the doc', () => {
    const server = new Y.Doc()
    server.getMap('meta').set('status', 'open')
    const tablet = copy(server)
    const rec = recorder(tablet)
    rec.act('a', () => tablet.getMap('ballots').set('b1', { householdId: '1-1-0101' }))
    rec.act('b', () => tablet.getMap('ballots').set('b2', { householdId: '1-1-0102' }))
    server.getMap('meta').set('status', 'closed') // closed while the tablet was offline
    const check = (before: Y.Doc, after: Y.Doc): Refusal | null =>
      before.getMap('meta').get('status') === 'closed' && after.getMap('ballots').size > before.getMap('ballots').size
        ? { code: 'closed', message: '表决已结束' }
        : null
    const r = reconcile({
      serverState: Y.encodeStateAsUpdate(server),
      local: tablet,
      pending: rec.changes,
      verdicts: new Map([['a', { code: 'closed', message: '表决已结束' }]]),
      check,
    })
    expect(r.refused.map((x) => [x.change.id, x.refusal.code])).toEqual([
      ['a', 'closed'],
      ['b', 'closed'],
    ])
    expect(r.pending).toEqual([])
    expect(r.doc.getMap('ballots').size).toBe(0)
    expect(Y.encodeStateVector(r.doc)).toEqual(Y.encodeStateVector(server))
  })

  it('drops a change the server already stored (lost ACK) instead of duplicating it', () => {
    const server = new Y.Doc()
    server.getText('t').insert(0, 'ab')
    const tablet = copy(server)
    const rec = recorder(tablet)
    rec.act('x', () => tablet.getText('t').insert(2, 'cd'))
    Y.applyUpdate(server, rec.changes[0]!.update)
    const r = reconcile({
      serverState: Y.encodeStateAsUpdate(server),
      local: tablet,
      pending: rec.changes,
      verdicts: new Map(),
    })
    expect(r.pending).toEqual([])
    expect(r.refused).toEqual([])
    expect(r.doc.getText('t').toString()).toBe('abcd')
  })

  it('lists text typed into a refused paragraph as depending on it, with the text', () => {
    const server = new Y.Doc()
    const tablet = copy(server)
    const rec = recorder(tablet)
    rec.act('para', () => tablet.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]))
    rec.act('typing', () =>
      (tablet.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('会后补充：路灯')]),
    )
    server.getMap('seal').set('hash', 'h')
    const r = reconcile({
      serverState: Y.encodeStateAsUpdate(server),
      local: tablet,
      pending: rec.changes,
      verdicts: new Map([['para', { code: 'sealed', message: '纪要已定稿' }]]),
    })
    expect(r.refused.map((x) => [x.change.id, x.refusal.code])).toEqual([
      ['para', 'sealed'],
      ['typing', 'depends-on-refused'],
    ])
    expect(r.pending).toEqual([])
    expect(r.doc.getXmlFragment('default').length).toBe(0)
  })
})
