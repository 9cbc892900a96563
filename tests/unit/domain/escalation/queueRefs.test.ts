import { describe, expect, it } from 'vitest'
import { queuesOf } from '../../../../src/domain/escalation/queueRefs'
import type { OrgNode } from '../../../../src/domain/org/schema'

const nodes: OrgNode[] = [
  { id: 'd', kind: 'district', name: '川汇区', parentId: null },
  { id: 's1', kind: 'street', name: '一街道', parentId: 'd' },
  { id: 's2', kind: 'street', name: '二街道', parentId: 'd' },
  { id: 'c1', kind: 'community', name: '一社区', parentId: 's1' },
  { id: 'c2', kind: 'community', name: '二社区', parentId: 's2' },
]

describe('queuesOf (the queues a session may open)', () => {
  it('lists the subtree of each staff node, never the nodes above or beside it', () => {
    const q = queuesOf(nodes, [{ nodeId: 's1', role: 'org_viewer' }], false)
    expect(q.map((r) => [r.nodeId, r.role])).toEqual([
      ['s1', 'org_viewer'],
      ['c1', 'org_viewer'],
    ])
  })

  it('gives the strongest role that reaches a node, whichever entry comes first', () => {
    for (const staff of [
      [
        { nodeId: 's1', role: 'org_handler' as const },
        { nodeId: 'c1', role: 'org_viewer' as const },
      ],
      [
        { nodeId: 'c1', role: 'org_viewer' as const },
        { nodeId: 's1', role: 'org_handler' as const },
      ],
    ])
      expect(queuesOf(nodes, staff, false).find((r) => r.nodeId === 'c1')?.role).toBe('org_handler')
  })

  it('admins read every queue; no staff and no admin: none', () => {
    expect(queuesOf(nodes, [], true).map((r) => r.nodeId)).toEqual(['d', 's1', 's2', 'c1', 'c2'])
    expect(queuesOf(nodes, [], true).every((r) => r.role === 'org_viewer')).toBe(true)
    expect(queuesOf(nodes, [], false)).toEqual([])
  })
})
