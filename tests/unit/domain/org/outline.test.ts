import { describe, expect, it } from 'vitest'
import { outlineRows, parentChoices, pathName, staffSections } from '../../../../src/domain/org/outline'
import type { OrgNode } from '../../../../src/domain/org/schema'

const TREE: OrgNode[] = [
  { id: 'd', kind: 'district', name: '川汇区', parentId: null },
  { id: 's2', kind: 'street', name: '七一路街道', parentId: 'd' },
  { id: 's1', kind: 'street', name: '陈州街道', parentId: 'd' },
  { id: 'm1', kind: 'community', name: '邮政社区', parentId: 's1' },
  { id: 'm2', kind: 'community', name: '八一社区', parentId: 's1' },
  { id: 'm3', kind: 'community', name: '化肥厂社区', parentId: 's2' },
]
const COUNCILS = [
  { id: 'c1', name: '邮政小区', orgNodeId: 'm1' },
  { id: 'c2', name: '邮电小区', orgNodeId: 'm1' },
  { id: 'c3', name: '化肥厂小区', orgNodeId: 'm3' },
  { id: 'c4', name: '未归属小区', orgNodeId: null },
]

describe('outlineRows', () => {
  it('draws depth first, children by Chinese name, with counts of everything below', () => {
    const rows = outlineRows(TREE, COUNCILS)
    expect(rows.map((r) => [r.node.id, r.depth])).toEqual([
      ['d', 0],
      ['s1', 1], // 陈 (chén) before 七 (qī)
      ['m2', 2], // 八 (bā) before 邮 (yóu)
      ['m1', 2],
      ['s2', 1],
      ['m3', 2],
    ])
    expect(rows[0]!.counts).toEqual({ streets: 2, communities: 3, councils: 3 })
    expect(rows[0]!.children).toBe(2)
    expect(rows[1]!.counts).toEqual({ streets: 0, communities: 2, councils: 2 })
    expect(rows[3]!.councils.map((c) => c.id)).toEqual(['c2', 'c1']) // 邮电 (diàn) before 邮政 (zhèng)
    expect(rows[3]!.children).toBe(0)
  })

  it('starts at given roots, or at nodes whose parent is not in the list', () => {
    expect(outlineRows(TREE, [], ['s2']).map((r) => r.node.id)).toEqual(['s2', 'm3'])
    const partial = TREE.filter((n) => n.id !== 'd')
    expect(
      outlineRows(partial, [])
        .filter((r) => r.depth === 0)
        .map((r) => r.node.id),
    ).toEqual(['s1', 's2'])
  })

  it('survives a cycle (each node once)', () => {
    const loop: OrgNode[] = [
      { id: 'a', kind: 'street', name: 'a', parentId: 'b' },
      { id: 'b', kind: 'community', name: 'b', parentId: 'a' },
    ]
    expect(outlineRows(loop, [], ['a']).map((r) => r.node.id)).toEqual(['a', 'b'])
  })
})

describe('parentChoices and pathName', () => {
  it('offers only the kind right above', () => {
    expect(parentChoices(TREE, 'community').map((n) => n.id)).toEqual(['s1', 's2'])
    expect(parentChoices(TREE, 'street').map((n) => n.id)).toEqual(['d'])
    expect(parentChoices(TREE, 'district')).toEqual([])
  })
  it('names a node with its ancestors', () => {
    expect(pathName(TREE, 'm3')).toBe('川汇区 › 七一路街道 › 化肥厂社区')
    expect(pathName(TREE, 'nope')).toBe('')
  })
})

describe('staffSections', () => {
  it('one section per top-most staff node with exactly its subtree and councils', () => {
    const sections = staffSections(
      TREE,
      [
        { nodeId: 's1', role: 'org_viewer' },
        { nodeId: 'm1', role: 'org_handler' }, // under s1: already in its section
        { nodeId: 'm3', role: 'org_handler' },
      ],
      COUNCILS,
    )
    expect(sections.map((s) => [s.node.id, s.roles])).toEqual([
      ['s1', ['org_viewer']], // the street before the community
      ['m3', ['org_handler']],
    ])
    expect(sections[0]!.rows.map((r) => r.node.id)).toEqual(['s1', 'm2', 'm1'])
    expect(sections[0]!.rows.flatMap((r) => r.councils.map((c) => c.id))).toEqual(['c2', 'c1'])
    expect(sections[1]!.rows.flatMap((r) => r.councils.map((c) => c.id))).toEqual(['c3'])
  })
  it('no staff entries: no sections', () => {
    expect(staffSections(TREE, [], COUNCILS)).toEqual([])
  })
})
