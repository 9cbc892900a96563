import { describe, expect, it } from 'vitest'
import type { OrgNode } from '../../../../src/domain/org/schema'
import { ancestorIds, orgRolesAt, subtreeIds, validateTree } from '../../../../src/domain/org/tree'

const TREE: OrgNode[] = [
  { id: 'd', kind: 'district', name: '区', parentId: null },
  { id: 's1', kind: 'street', name: '一街道', parentId: 'd' },
  { id: 's2', kind: 'street', name: '二街道', parentId: 'd' },
  { id: 'c1', kind: 'community', name: '一社区', parentId: 's1' },
  { id: 'c2', kind: 'community', name: '二社区', parentId: 's1' },
  { id: 'c3', kind: 'community', name: '三社区', parentId: 's2' },
]

describe('org tree', () => {
  it('subtree and ancestors', () => {
    expect([...subtreeIds(TREE, 's1')].sort()).toEqual(['c1', 'c2', 's1'])
    expect(subtreeIds(TREE, 'd').size).toBe(6)
    expect(subtreeIds(TREE, 'nope').size).toBe(0)
    expect(ancestorIds(TREE, 'c3')).toEqual(['s2', 'd'])
    expect(ancestorIds(TREE, 'd')).toEqual([])
  })

  it('org roles come from the node and its ancestors only', () => {
    const staff = [
      { nodeId: 's1', role: 'org_viewer' as const },
      { nodeId: 'c3', role: 'org_handler' as const },
    ]
    expect(orgRolesAt(TREE, staff, 'c1')).toEqual(['org_viewer'])
    expect(orgRolesAt(TREE, staff, 's1')).toEqual(['org_viewer'])
    expect(orgRolesAt(TREE, staff, 'c3')).toEqual(['org_handler'])
    expect(orgRolesAt(TREE, staff, 'd')).toEqual([])
    expect(orgRolesAt(TREE, staff, 'unknown')).toEqual([])
  })

  it('a valid tree has no errors; each broken rule is reported on its node', () => {
    expect(validateTree(TREE)).toEqual([])
    const codes = (nodes: OrgNode[]) => validateTree(nodes).map((e) => [e.nodeId, e.code])
    expect(codes([...TREE, { id: 'd', kind: 'district', name: '重复', parentId: null }])).toContainEqual([
      'd',
      'duplicate-id',
    ])
    expect(codes([...TREE, { id: 'x', kind: 'street', name: '孤儿', parentId: null }])).toEqual([
      ['x', 'root-not-district'],
    ])
    expect(codes([...TREE, { id: 'x', kind: 'community', name: '错', parentId: 'd' }])).toEqual([['x', 'kind-order']])
    expect(codes([...TREE, { id: 'x', kind: 'district', name: '错', parentId: 'd' }])).toEqual([['x', 'kind-order']])
    expect(codes([...TREE, { id: 'x', kind: 'community', name: '错', parentId: 'zz' }])).toEqual([
      ['x', 'unknown-parent'],
    ])
    const cyc: OrgNode[] = [
      { id: 'a', kind: 'street', name: 'A', parentId: 'b' },
      { id: 'b', kind: 'street', name: 'B', parentId: 'a' },
    ]
    expect(codes(cyc)).toEqual([
      ['a', 'cycle'],
      ['b', 'cycle'],
    ])
    expect(validateTree(cyc)[0]!.message.zh).toContain('循环')
  })
})
