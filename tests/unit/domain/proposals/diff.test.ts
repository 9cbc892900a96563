import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addItem,
  createProposal,
  publishVersion,
  removeItem,
  updateDraft,
  updateItem,
} from '../../../../src/domain/proposals/commands'
import { diffVersions, EMPTY_PLAN } from '../../../../src/domain/proposals/diff'
import type { ProposalId } from '../../../../src/domain/proposals/ids'
import { formatYuan, formatYuanDelta, parseYuan } from '../../../../src/domain/proposals/money'
import { readVersions } from '../../../../src/domain/proposals/queries'
import { unwrap } from '../../../../src/domain/result'

const actor = { userId: 'u1', name: '王主任' }
const at = (min: number) => new Date(Date.UTC(2025, 2, 1, 2, min))

function plan() {
  const doc = new Y.Doc()
  const index = new Y.Doc()
  createProposal(
    doc,
    index,
    { proposalId: 'pr_test00000001' as ProposalId, councilId: 'c1', title: '邮政小区改造方案' },
    'u1',
    at(0),
  )
  return { doc, index }
}

describe('version diff v1 → v2 → v3', () => {
  it('shows exactly the added, removed and re-costed items', () => {
    const { doc, index } = plan()
    updateDraft(doc, { budgetFen: 300_000_00 }, 'u1')
    const wall = unwrap(
      addItem(
        doc,
        { category: 'wall_painting', title: '墙体美化', description: '1—9号楼外墙', building: '', costFen: 120_000_00 },
        'u1',
        at(1),
      ),
    )
    const road = unwrap(
      addItem(
        doc,
        { category: 'road_surfacing', title: '路面硬化', description: '主路', building: '', costFen: 80_000_00 },
        'u1',
        at(2),
      ),
    )
    const lights = unwrap(
      addItem(
        doc,
        { category: 'street_lights', title: '路灯', description: '12盏', building: '', costFen: 36_000_00 },
        'u1',
        at(3),
      ),
    )
    const v1 = publishVersion(doc, index, actor, at(10))
    expect(v1.no).toBe(1)

    // v2: sewer dredging added, street lights re-costed, road removed.
    const sewer = unwrap(
      addItem(
        doc,
        { category: 'sewer_dredging', title: '下水道疏通', description: '3号楼', building: '3', costFen: 15_500_50 },
        'u1',
        at(11),
      ),
    )
    updateItem(doc, lights, { costFen: 42_000_00 }, 'u1')
    removeItem(doc, road, 'u1')
    const v2 = publishVersion(doc, index, actor, at(20))

    // v3: the service centre added, the wall re-costed down, sewer removed, budget raised.
    const centre = unwrap(
      addItem(
        doc,
        { category: 'service_centre', title: '邻里服务中心', description: '1000㎡', building: '', costFen: 150_000_00 },
        'u1',
        at(21),
      ),
    )
    updateItem(doc, wall, { costFen: 99_999_99 }, 'u1')
    removeItem(doc, sewer, 'u1')
    updateDraft(doc, { budgetFen: 400_000_00 }, 'u1')
    const v3 = publishVersion(doc, index, actor, at(30))

    expect(readVersions(doc).map((v) => v.no)).toEqual([1, 2, 3])

    const d12 = diffVersions(v1, v2)
    expect(d12.added.map((i) => i.id)).toEqual([sewer])
    expect(d12.removed.map((i) => i.id)).toEqual([road])
    expect(d12.changed.map((c) => [c.id, c.fields, c.costDeltaFen])).toEqual([[lights, ['costFen'], 6_000_00]])
    expect(d12.unchanged).toBe(1)
    expect(d12.itemsTotal.deltaFen).toBe(15_500_50 + 6_000_00 - 80_000_00)
    expect(d12.budget.deltaFen).toBe(0)

    const d23 = diffVersions(v2, v3)
    expect(d23.added.map((i) => i.id)).toEqual([centre])
    expect(d23.removed.map((i) => i.id)).toEqual([sewer])
    expect(d23.changed.map((c) => [c.id, c.fields, c.costDeltaFen])).toEqual([[wall, ['costFen'], -20_000_01]])
    expect(d23.budget).toEqual({ beforeFen: 300_000_00, afterFen: 400_000_00, deltaFen: 100_000_00 })

    // Any two versions, not only neighbours.
    const d13 = diffVersions(v1, v3)
    expect(d13.added.map((i) => i.id)).toEqual([centre])
    expect(d13.removed.map((i) => i.id)).toEqual([road])
    expect(d13.changed.map((c) => c.id).sort()).toEqual([wall, lights].sort())

    // Published versions stay as they were while the draft moves on.
    updateItem(doc, wall, { title: '外墙粉刷' }, 'u1')
    expect(readVersions(doc)[0]).toMatchObject({ no: 1, items: v1.items })
    expect(diffVersions(v3, v3)).toMatchObject({ added: [], removed: [], changed: [], unchanged: 3 })
    expect(diffVersions(EMPTY_PLAN, v1).added).toHaveLength(3)
  })

  it('keeps both versions when two devices publish the same number offline', () => {
    const { doc } = plan()
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    publishVersion(doc, null, actor, at(1))
    publishVersion(other, null, { userId: 'u2', name: '李秘书' }, at(2))
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    const vs = readVersions(doc)
    expect(vs.map((v) => [v.no, v.duplicate])).toEqual([
      [1, true],
      [1, true],
    ])
  })
})

describe('money in fen', () => {
  it('parses and formats exactly', () => {
    expect(parseYuan('12,345.6')).toBe(1_234_560)
    expect(parseYuan('１２００元')).toBe(120_000)
    expect(parseYuan('0.1')).toBe(10)
    expect(parseYuan('1.234')).toBeNull()
    expect(parseYuan('-5')).toBeNull()
    expect(formatYuan(1_234_567)).toBe('12,345.67')
    expect(formatYuanDelta(-30_000)).toBe('-300.00')
    expect(formatYuanDelta(5)).toBe('+0.05')
  })
})
