import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { nextLevel } from '../../../../src/domain/grid/events'
import {
  applyGridImport,
  buildTree,
  escalationPath,
  escalationTarget,
  nodeForBuilding,
  parseGridCsv,
  readNodes,
} from '../../../../src/domain/grid/hierarchy'

const CSV = [
  'id,level,name,parent,head_name,head_phone,members,buildings',
  'd1,district,川汇区,,区网格长,13800001111,,',
  's1,street,人和街道,d1,街道网格长,,,',
  'c1,community,邮政社区,s1,社区网格长,13912345678,李四:13700002222;王五:,',
  'k1,compound,邮政小区,c1,小区网格长,,,',
  'b3,building,3号楼,k1,楼栋长,13600003333,,3',
  'm31,micro,3号楼一单元,b3,单元长,,,3',
].join('\r\n')

describe('grid hierarchy', () => {
  it('imports a five-level hierarchy with masked phones and a micro-grid', () => {
    const r = parseGridCsv(`\uFEFF${CSV}`)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const c1 = r.nodes.find((n) => n.id === 'c1')!
    expect(c1.head).toEqual({ name: '社区网格长', phone: '139****5678' })
    expect(c1.members).toEqual([
      { name: '李四', phone: '137****2222' },
      { name: '王五', phone: '' },
    ])
    const doc = new Y.Doc()
    applyGridImport(doc, r.nodes, 'u1', 1)
    const nodes = readNodes(doc)
    expect(JSON.stringify(doc.toJSON())).not.toContain('13912345678')
    const tree = buildTree(nodes)
    expect(tree).toHaveLength(1)
    expect(tree[0]!.children[0]!.children[0]!.children[0]!.name).toBe('邮政小区')
  })

  it('escalation path: micro → building → compound → community → street → district', () => {
    const r = parseGridCsv(CSV)
    if (!r.ok) throw new Error('parse')
    expect(escalationPath(r.nodes, 'm31').map((n) => n.level)).toEqual([
      'micro',
      'building',
      'compound',
      'community',
      'street',
      'district',
    ])
    expect(escalationTarget(r.nodes, 'k1', 'compound')).toEqual({ toGridId: 'c1', toLevel: 'community' })
    expect(escalationTarget(r.nodes, 'd1', 'district')).toBeNull()
    // Without hierarchy data the level still goes up one step at a time.
    expect(escalationTarget([], null, 'compound')).toEqual({ toGridId: null, toLevel: 'community' })
    expect(
      ['micro', 'building', 'compound', 'community', 'street', 'district'].map((l) => nextLevel(l as never)),
    ).toEqual(['building', 'compound', 'community', 'street', 'district', null])
    expect(nodeForBuilding(r.nodes, '3')!.id).toBe('m31')
    expect(nodeForBuilding(r.nodes, '9')!.id).toBe('k1')
  })

  it('reports every bad line with line, column and a reason in zh and en; nothing parsed', () => {
    const bad = [
      'id,level,name,parent,head_name,head_phone,members,buildings',
      'k1,compound,邮政小区,,小区网格长,,,',
      'b1,楼栋,1号楼,k1,楼栋长,12345,,1',
      'b1,building,重复,k1,,,,',
      'b2,village,2号楼,k1,,,,',
      'b3,building,3号楼,nope,,,,',
      'c9,community,社区,k1,,,,',
      'm1,micro,微网格,k1,,,张三:12345,',
    ].join('\n')
    const r = parseGridCsv(bad)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const at = (line: number) => r.errors.filter((e) => e.line === line).map((e) => e.column)
    expect(at(3)).toEqual(['head_phone'])
    expect(at(4)).toEqual(['id'])
    expect(at(5)).toEqual(['level'])
    expect(at(6)).toEqual(['parent'])
    expect(at(7)).toEqual(['parent'])
    expect(at(8)).toEqual(['members'])
    for (const e of r.errors) {
      expect(e.zh).toBeTruthy()
      expect(e.en).toBeTruthy()
    }
  })

  it('nothing is written when the file has errors (the caller only applies a clean parse)', () => {
    const doc = new Y.Doc()
    const r = parseGridCsv('id,level,name,parent\nx,nonsense,,\n')
    expect(r.ok).toBe(false)
    expect(readNodes(doc)).toEqual([])
  })
})
