import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  blockTexts,
  diffBlocks,
  isSealed,
  markVersion,
  readAuthors,
  readVersions,
  registerAuthor,
  sealMinutes,
  versionChanges,
} from '../../../../src/domain/meetings/minutes'

function para(f: Y.XmlFragment, text: string, at = f.length) {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  f.insert(at, [p])
}

describe('minutes versions and authors', () => {
  it('diffs blocks between versions and names who changed them', () => {
    const a = new Y.Doc({ gc: false })
    const b = new Y.Doc({ gc: false })
    registerAuthor(a, { userId: 'u1', name: '王秘书', colour: '#c2410c' })
    registerAuthor(b, { userId: 'u2', name: '李委员', colour: '#0f766e' })
    expect(registerAuthor(a, { userId: 'u1', name: '王秘书', colour: '#c2410c' })).toBe(false)
    para(a.getXmlFragment('default'), '议题一：路灯。')
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    markVersion(a, '初稿', { userId: 'u1', name: '王秘书', at: new Date('2025-03-10T02:00:00Z') })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    para(b.getXmlFragment('default'), '决定：更换路灯。')
    b.getXmlFragment('default').delete(0, 1)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    markVersion(a, '修改稿', { userId: 'u1', name: '王秘书', at: new Date('2025-03-10T03:00:00Z') })
    const versions = readVersions(a)
    expect(versions.map((v) => v.label)).toEqual(['初稿', '修改稿'])
    expect(blockTexts(versions[1]!.content)).toEqual(['决定：更换路灯。'])
    const changes = versionChanges(versions, readAuthors(a))
    expect(changes[0]!.lines).toEqual([{ op: 'added', text: '议题一：路灯。' }])
    expect(changes[0]!.authors).toEqual(['王秘书'])
    expect(changes[1]!.lines).toEqual([
      { op: 'removed', text: '议题一：路灯。' },
      { op: 'added', text: '决定：更换路灯。' },
    ])
    // a marked the version (so a's state advanced too), b wrote the text.
    expect(changes[1]!.authors.sort()).toEqual(['李委员', '王秘书'].sort())
  })

  it('diffBlocks keeps unchanged blocks in place', () => {
    expect(diffBlocks(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'added', text: 'x' },
      { op: 'same', text: 'c' },
    ])
  })

  it('sealing adds a final version; afterwards no author is registered', () => {
    const d = new Y.Doc({ gc: false })
    para(d.getXmlFragment('default'), '全文')
    sealMinutes(d, null, { userId: 'u1', name: '张主任', at: new Date('2025-03-10T04:00:00Z') })
    expect(isSealed(d)).toBe(true)
    expect(readVersions(d).map((v) => v.kind)).toEqual(['seal'])
    const sv = Y.encodeStateVector(d)
    expect(registerAuthor(d, { userId: 'u2', name: 'x', colour: '#000000' })).toBe(false)
    expect(Y.encodeStateVector(d)).toEqual(sv)
  })
})
