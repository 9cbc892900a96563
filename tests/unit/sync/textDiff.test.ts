import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { diffText, transformEdit, transformPosition, type TextDelta } from '../../../src/sync/textDiff'

describe('diffText', () => {
  it('finds the minimal single edit', () => {
    expect(diffText('abc', 'abc')).toBeNull()
    expect(diffText('议事会', '议事会议')).toEqual({ index: 3, deleteCount: 0, insert: '议' })
    expect(diffText('hello world', 'hello brave world')).toEqual({ index: 6, deleteCount: 0, insert: 'brave ' })
    expect(diffText('aaa', 'aa')).toEqual({ index: 2, deleteCount: 1, insert: '' })
    expect(diffText('abcdef', 'abXYef')).toEqual({ index: 2, deleteCount: 2, insert: 'XY' })
  })

  it('does not split surrogate pairs', () => {
    const e = diffText('a😀', 'a😃')
    expect(e).toEqual({ index: 1, deleteCount: 2, insert: '😃' })
  })

  it('applying the edit reproduces the target', () => {
    const pairs = [
      ['', 'x'],
      ['x', ''],
      ['abc', 'xbcx'],
      ['小区议事', '小区居民议事'],
    ] as const
    for (const [a, b] of pairs) {
      const e = diffText(a, b)!
      expect(a.slice(0, e.index) + e.insert + a.slice(e.index + e.deleteCount)).toBe(b)
    }
  })
})

describe('transformPosition', () => {
  const delta = (ops: TextDelta): TextDelta => ops
  it('shifts for inserts/deletes before the position only', () => {
    expect(transformPosition(5, delta([{ retain: 2 }, { insert: 'abc' }]))).toBe(8)
    expect(transformPosition(1, delta([{ retain: 2 }, { insert: 'abc' }]))).toBe(1)
    expect(transformPosition(2, delta([{ retain: 2 }, { insert: 'abc' }]))).toBe(2)
    expect(transformPosition(2, delta([{ retain: 2 }, { insert: 'abc' }]), 1)).toBe(5)
    expect(transformPosition(5, delta([{ delete: 2 }]))).toBe(3)
    expect(transformPosition(3, delta([{ retain: 2 }, { delete: 4 }]))).toBe(2)
  })

  it('matches real Y.Text deltas', () => {
    const doc = new Y.Doc()
    const text = doc.getText('t')
    text.insert(0, '0123456789')
    let d: TextDelta = []
    text.observe((ev) => {
      d = ev.delta as TextDelta
    })
    doc.transact(() => {
      text.delete(1, 2)
      text.insert(5, 'XX')
    })
    // 'XX' went in exactly at old position 7: a caret there stays before it, '8' moves with it.
    expect(text.toString()).toBe('03456XX789')
    expect(transformPosition(7, d)).toBe(5)
    expect(transformPosition(7, d, 1)).toBe(7)
    expect(text.toString()[transformPosition(8, d)]).toBe('8')
  })
})

describe('transformEdit', () => {
  it('moves a stale local edit through remote changes', () => {
    // base 'abcdef'; remote inserted 'ZZ' at 0; local replaced 'cd' with 'X' against the base.
    const e = transformEdit({ index: 2, deleteCount: 2, insert: 'X' }, [[{ insert: 'ZZ' }]])
    expect(e).toEqual({ index: 4, deleteCount: 2, insert: 'X' })
  })
})
