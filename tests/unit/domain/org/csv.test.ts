import { describe, expect, it } from 'vitest'
import { checkImport, parseOrgCsv } from '../../../../src/domain/org/csv'

const GOOD = `\uFEFF编号,类型,名称,上级编号
d1,区,川汇区,
s1,街道,陈州街道,d1
c1,社区,七一社区,s1
cabc,小区,邮政小区,c1
`

describe('org CSV import', () => {
  it('reads Chinese headers and kinds, with a BOM; council rows are placements', () => {
    const r = parseOrgCsv(new TextEncoder().encode(GOOD))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.nodes).toEqual([
      { id: 'd1', kind: 'district', name: '川汇区', parentId: null },
      { id: 's1', kind: 'street', name: '陈州街道', parentId: 'd1' },
      { id: 'c1', kind: 'community', name: '七一社区', parentId: 's1' },
    ])
    expect(r.councils).toEqual([{ councilId: 'cabc', nodeId: 'c1', line: 5 }])
  })

  it('reads English headers in any order and a file saved as GBK', () => {
    const en = parseOrgCsv('parent,name,kind,id\n,East,district,d1\nd1,Street,street,s1\n')
    expect(en.ok && en.nodes.map((n) => n.kind)).toEqual(['district', 'street'])
    const hex = (h: string) => h.match(/../g)!.map((b) => Number.parseInt(b, 16))
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))
    // "d1,区,东城," in GBK (区 = C7 F8, 东城 = B6 AB B3 C7)
    const bytes = new Uint8Array([
      ...ascii('id,kind,name,parent\nd1,'),
      ...hex('c7f8'),
      ...ascii(','),
      ...hex('b6abb3c7'),
      ...ascii(',\n'),
    ])
    const gbk = parseOrgCsv(bytes)
    expect(gbk.ok && gbk.nodes).toEqual([{ id: 'd1', kind: 'district', name: '东城', parentId: null }])
  })

  it('reports every bad line with its column, in both languages', () => {
    const r = parseOrgCsv('编号,类型,名称,上级编号\nd 1,区,x,\ns1,镇,y,d1\nc1,社区,,s1\nc1,社区,z,s1\nk1,小区,,\n')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'id', 'id.invalid'],
      [3, 'kind', 'kind.invalid'],
      [4, 'name', 'name.invalid'],
      [6, 'parent', 'council.no_community'],
    ])
    expect(r.errors[1]!.message.zh).toContain('镇')
    expect(r.errors[1]!.message.en).toContain('district')
    const missing = parseOrgCsv('编号,名称\nd1,x\n')
    expect(!missing.ok && missing.errors.map((e) => e.column)).toEqual(['kind'])
    const dup = parseOrgCsv('id,kind,name,parent\nd1,区,a,\nd1,区,b,\n')
    expect(!dup.ok && dup.errors.map((e) => [e.line, e.code])).toEqual([[3, 'id.duplicate']])
    expect(parseOrgCsv('id,kind,name,parent\n').ok).toBe(false)
  })

  it('checks the file against the stored tree and councils: all or nothing', () => {
    const stored = [{ id: 'd1', kind: 'district' as const, name: '区', parentId: null }]
    const p = parseOrgCsv(
      'id,kind,name,parent\ns1,街道,街,d1\nc1,社区,社,s1\nx1,社区,错,d1\nk1,小区,,c1\nk2,小区,,s1\n',
    )
    expect(p.ok).toBe(true)
    if (!p.ok) return
    const r = checkImport(p, stored, (id) => id === 'k2')
    expect(!r.ok && r.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'kind-order'],
      [5, 'council.unknown'],
      [6, 'council.parent_not_community'],
    ])
    const fine = parseOrgCsv('id,kind,name,parent\ns1,街道,街,d1\nc1,社区,社,s1\nk1,小区,,c1\n')
    const ok = fine.ok ? checkImport(fine, stored, () => true) : null
    expect(ok?.ok && ok.tree.map((n) => n.id).sort()).toEqual(['c1', 'd1', 's1'])
  })
})
