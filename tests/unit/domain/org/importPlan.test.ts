import { describe, expect, it } from 'vitest'
import { parseOrgCsv } from '../../../../src/domain/org/csv'
import { planImport } from '../../../../src/domain/org/importPlan'
import type { OrgNode } from '../../../../src/domain/org/schema'

const stored: OrgNode[] = [
  { id: 'd', kind: 'district', name: '川汇区', parentId: null },
  { id: 's1', kind: 'street', name: '陈州街道', parentId: 'd' },
  { id: 's2', kind: 'street', name: '七一路街道', parentId: 'd' },
  { id: 'm1', kind: 'community', name: '邮政社区', parentId: 's1' },
]

function parsed(csv: string) {
  const r = parseOrgCsv(csv)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r
}

describe('planImport', () => {
  it('tells added, renamed, moved and repeated nodes apart', () => {
    const plan = planImport(
      parsed('编号,类型,名称,上级编号\nd,区,川汇区,\ns1,街道,陈州新街道,d\nm1,社区,邮政社区,s2\nm2,社区,八一社区,s2\n'),
      stored,
      () => null,
    )
    expect(plan.added.map((n) => n.id)).toEqual(['m2'])
    expect(plan.changed.map((c) => [c.node.id, c.what])).toEqual([
      ['s1', ['name']],
      ['m1', ['parent']],
    ])
    expect(plan.changed[1]!.before.parentId).toBe('s1')
    expect(plan.unchanged).toBe(1)
  })

  it('lists councils whose community changes, counts those already there', () => {
    const at: Record<string, string | null> = { c1: 'm1', c2: null, c3: 'm1' }
    const plan = planImport(
      parsed('id,kind,name,parent\nc1,council,,m1\nc2,council,,m1\nc3,council,,m2\n'),
      stored,
      (id) => at[id] ?? null,
    )
    expect(plan.placed).toEqual([
      { councilId: 'c2', from: null, to: 'm1' },
      { councilId: 'c3', from: 'm1', to: 'm2' },
    ])
    expect(plan.alreadyPlaced).toBe(1)
  })

  it('a kind change is reported with the old node', () => {
    const plan = planImport(parsed('id,kind,name,parent\ns2,community,七一路街道,s1\n'), stored, () => null)
    expect(plan.changed).toEqual([
      {
        node: { id: 's2', kind: 'community', name: '七一路街道', parentId: 's1' },
        before: stored[2],
        what: ['kind', 'parent'],
      },
    ])
  })
})
