import { unwrap } from '../../../../src/domain/result'
import { expectRefused } from '../../../helpers/refusal'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canonicalFragment, canonicalJson, sealHash, verifySeal } from '../../../../src/domain/meetings/canonical'
import { readSeal, sealMinutes } from '../../../../src/domain/meetings/minutes'

function paragraph(text: string, marks?: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText()
  t.insert(0, text, marks)
  p.insert(0, [t])
  return p
}

function minutes(build: (f: Y.XmlFragment) => void): Y.Doc {
  const d = new Y.Doc()
  build(d.getXmlFragment('default'))
  return d
}

const by = { userId: 'u_chair', name: '张主任', at: new Date('2025-03-10T07:30:00Z') }

describe('canonical content', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: undefined }], c: 'z' } })).toBe(
      '{"a":{"c":"z","d":[1,{"y":2}]},"b":1}',
    )
  })

  it('is the same for the same rich text whatever the attribute order or the writing client', () => {
    const a = minutes((f) => {
      const h = new Y.XmlElement('heading')
      h.setAttribute('level', '2')
      h.setAttribute('textAlign', 'left')
      f.insert(0, [h, paragraph('同意', { bold: {} })])
    })
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(canonicalJson(canonicalFragment(b.getXmlFragment('default')))).toBe(
      canonicalJson(canonicalFragment(a.getXmlFragment('default'))),
    )
    expect(canonicalFragment(a.getXmlFragment('default'))).toEqual([
      { type: 'heading', attrs: { level: '2', textAlign: 'left' } },
      { type: 'paragraph', content: [{ text: '同意', marks: { bold: {} } }] },
    ])
  })

  it('hashes differ when the text, the record, the sealer or the time differ', () => {
    const base = {
      content: canonicalFragment(minutes((f) => f.insert(0, [paragraph('一')])).getXmlFragment('default')),
      record: { a: 1 },
      sealedBy: 'u',
      sealedAt: 't',
    }
    const h = sealHash(base)
    expect(h).toMatch(/^[0-9a-f]{64}$/)
    expect(sealHash({ ...base, record: { a: 2 } })).not.toBe(h)
    expect(sealHash({ ...base, sealedBy: 'v' })).not.toBe(h)
    expect(sealHash({ ...base, sealedAt: 's' })).not.toBe(h)
    expect(sealHash({ ...base, content: [] })).not.toBe(h)
  })

  it('a sealed doc verifies on another replica; tampering with text or record breaks it', () => {
    const d = minutes((f) => f.insert(0, [paragraph('议题一：路灯维修。')]))
    const info = unwrap(sealMinutes(d, { title: '三月例会' }, by))
    expect(readSeal(d)?.hash).toBe(info.hash)
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(d))
    expect(verifySeal(replica)).toMatchObject({ sealed: true, ok: true })
    const tampered = new Y.Doc()
    Y.applyUpdate(tampered, Y.encodeStateAsUpdate(d))
    ;(tampered.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('改')])
    expect(verifySeal(tampered)).toMatchObject({ sealed: true, ok: false })
    const recordChanged = new Y.Doc()
    Y.applyUpdate(recordChanged, Y.encodeStateAsUpdate(d))
    recordChanged.getMap('seal').set('record', { title: '四月例会' })
    expect(verifySeal(recordChanged)).toMatchObject({ ok: false })
    expect(verifySeal(new Y.Doc())).toEqual({ sealed: false })
    expectRefused(d, () => sealMinutes(d, null, by), 'minutes.sealed')
  })
})
