/**
 * rebaseUpdate: two in-memory docs, no network. `server` plays the server's state, `local` a device
 * that made changes on top of an older copy of it; each test rebases local changes onto a fresh
 * copy of the server's state and checks the content, not just that something happened.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { IdMap, rebaseUpdate } from '../../../src/sync/rebase'

const copy = (doc: Y.Doc): Y.Doc => {
  const d = new Y.Doc()
  Y.applyUpdate(d, Y.encodeStateAsUpdate(doc))
  return d
}

/** Runs `fn` on `doc` and returns exactly the update it produced. */
function change(doc: Y.Doc, fn: () => void): Uint8Array {
  const updates: Uint8Array[] = []
  const on = (u: Uint8Array) => updates.push(u)
  doc.on('update', on)
  doc.transact(fn)
  doc.off('update', on)
  return Y.mergeUpdates(updates)
}

describe('rebaseUpdate', () => {
  it('replays a map set as a new operation by the target client', () => {
    const server = new Y.Doc()
    server.getMap('ballots').set('b1', { householdId: '1-1-0101', choice: 'yes' })
    const local = copy(server)
    const u = change(local, () => local.getMap('ballots').set('b2', { householdId: '2-2-0101', choice: 'no' }))
    const target = copy(server)
    const r = rebaseUpdate(u, local, target, new IdMap())
    expect(r).toMatchObject({ applied: 1, orphaned: 0 })
    expect(target.getMap('ballots').toJSON()).toEqual(local.getMap('ballots').toJSON())
    // New operation: the target's own client id, not the local one.
    expect(Y.getState(target.store, target.clientID)).toBe(1)
    expect(Y.getState(target.store, local.clientID)).toBe(0)
  })

  it('inserts text after its left neighbour even when the server changed the text meanwhile', () => {
    const server = new Y.Doc()
    server.getText('t').insert(0, 'hello world')
    const local = copy(server)
    const u = change(local, () => local.getText('t').insert(5, ' big'))
    server.getText('t').insert(0, '>> ')
    server.getText('t').insert(server.getText('t').length, '!')
    const target = copy(server)
    rebaseUpdate(u, local, target, new IdMap())
    expect(target.getText('t').toString()).toBe('>> hello big world!')
  })

  it('inserts at the start when the change had no left neighbour, at the end when it is gone', () => {
    const server = new Y.Doc()
    server.getArray('a').insert(0, ['x'])
    const local = copy(server)
    const atStart = change(local, () => local.getArray('a').insert(0, ['first']))
    // A refused change inserts 'r'; a later one inserts 'after-r' right after it.
    const refused = change(local, () => local.getArray('a').insert(2, ['r']))
    const later = change(local, () => local.getArray('a').insert(3, ['after-r']))
    expect(refused.length).toBeGreaterThan(0)
    server.getArray('a').push(['y'])
    const target = copy(server)
    const map = new IdMap()
    rebaseUpdate(atStart, local, target, map)
    rebaseUpdate(later, local, target, map)
    // 'after-r' follows 'r' whose left neighbour 'x' exists: the walk left through the source finds it.
    expect(target.getArray('a').toArray()).toEqual(['first', 'x', 'after-r', 'y'])
  })

  it('deletes the same items, if the target still has them', () => {
    const server = new Y.Doc()
    server.getText('t').insert(0, 'abcdef')
    server.getMap('m').set('k', 1)
    const local = copy(server)
    const u = change(local, () => {
      local.getText('t').delete(1, 2) // bc
      local.getMap('m').delete('k')
    })
    server.getText('t').insert(3, 'XY') // between c and d
    const target = copy(server)
    rebaseUpdate(u, local, target, new IdMap())
    expect(target.getText('t').toString()).toBe('aXYdef')
    expect(target.getMap('m').has('k')).toBe(false)
  })

  it('is idempotent: a change the server already stored adds nothing', () => {
    const server = new Y.Doc()
    const local = copy(server)
    const u = change(local, () => local.getMap('m').set('k', 'v'))
    Y.applyUpdate(server, u) // stored, but the ACK was lost
    const target = copy(server)
    const before = Y.encodeStateVector(target)
    const r = rebaseUpdate(u, local, target, new IdMap())
    expect(r.applied).toBe(0)
    expect(Y.encodeStateVector(target)).toEqual(before)
  })

  it('replays nested types and content inserted into them by later changes', () => {
    const server = new Y.Doc()
    const local = copy(server)
    const map = new IdMap()
    const first = change(local, () => {
      const item = new Y.Map<unknown>()
      local.getArray<Y.Map<unknown>>('items').push([item])
      item.set('title', '修路')
      item.set('tags', new Y.Array())
    })
    const second = change(local, () => {
      const item = local.getArray<Y.Map<unknown>>('items').get(0)
      ;(item.get('tags') as Y.Array<string>).push(['急'])
      item.set('title', '修路灯')
    })
    const target = copy(server)
    rebaseUpdate(first, local, target, map)
    rebaseUpdate(second, local, target, map)
    expect(target.getArray('items').toJSON()).toEqual([{ title: '修路灯', tags: ['急'] }])
  })

  it('replays rich text (XML fragment: paragraph + text) and drops characters erased later', () => {
    const server = new Y.Doc()
    const p0 = new Y.XmlElement('paragraph')
    p0.insert(0, [new Y.XmlText('第一段')])
    server.getXmlFragment('default').insert(0, [p0])
    const local = copy(server)
    const u = change(local, () => {
      const p = new Y.XmlElement('paragraph')
      p.setAttribute('textAlign', 'left')
      local.getXmlFragment('default').insert(1, [p])
      p.insert(0, [new Y.XmlText('第二段文字')])
    })
    const erase = change(local, () => {
      const p = local.getXmlFragment('default').get(1) as Y.XmlElement
      ;(p.get(0) as Y.XmlText).delete(3, 2) // 文字
    })
    const target = copy(server)
    const map = new IdMap()
    rebaseUpdate(u, local, target, map)
    expect(target.getXmlFragment('default').toString()).toBe(
      '<paragraph>第一段</paragraph><paragraph textAlign="left">第二段</paragraph>',
    )
    rebaseUpdate(erase, local, target, map)
    expect(target.getXmlFragment('default').toString()).toBe(local.getXmlFragment('default').toString())
  })

  it('reports content whose parent came from a refused change as orphaned, with its text', () => {
    const server = new Y.Doc()
    const local = copy(server)
    change(local, () => local.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]))
    const typed = change(local, () => {
      const p = local.getXmlFragment('default').get(0) as Y.XmlElement
      p.insert(0, [new Y.XmlText()])
    })
    const more = change(local, () => {
      const p = local.getXmlFragment('default').get(0) as Y.XmlElement
      ;(p.get(0) as Y.XmlText).insert(0, '补充意见')
    })
    const target = copy(server)
    const map = new IdMap()
    expect(rebaseUpdate(typed, local, target, map).orphaned).toBe(1)
    const r = rebaseUpdate(more, local, target, map)
    expect(r).toMatchObject({ applied: 0, orphaned: 4, orphanText: '补充意见' })
    expect(target.getXmlFragment('default').length).toBe(0)
  })

  it('leaves the source doc untouched and produces an update another copy of the server accepts', () => {
    const server = new Y.Doc()
    server.getText('t').insert(0, 'ab')
    const local = copy(server)
    const u = change(local, () => local.getText('t').insert(1, '-'))
    const sourceState = Y.encodeStateAsUpdate(local)
    const target = copy(server)
    const produced: Uint8Array[] = []
    target.on('update', (x: Uint8Array) => produced.push(x))
    rebaseUpdate(u, local, target, new IdMap())
    expect(Y.encodeStateAsUpdate(local)).toEqual(sourceState)
    Y.applyUpdate(server, Y.mergeUpdates(produced))
    expect(server.store.pendingStructs).toBeNull()
    expect(server.getText('t').toString()).toBe('a-b')
  })
})
