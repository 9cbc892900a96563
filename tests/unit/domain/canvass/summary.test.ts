import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readVisits, recordVisit } from '../../../../src/domain/canvass/commands'
import { canvassCsv } from '../../../../src/domain/canvass/csv'
import { summarise, coveragePercent } from '../../../../src/domain/canvass/summary'
import type { Visit } from '../../../../src/domain/canvass/schema'
import { importCsv } from '../../../../src/domain/roll/importCsv'
import type { VersionItem } from '../../../../src/domain/proposals/schema'

const csv = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../fixtures/youzheng-roll.csv', import.meta.url))))
const imported = importCsv(csv)
if (!imported.ok) throw new Error('fixture')
const households = imported.rows

const items: VersionItem[] = [
  { id: 'i_wall', category: 'wall_painting', title: '墙体美化', description: '', building: '', costFen: 1, photos: [] },
  { id: 'i_light', category: 'street_lights', title: '路灯', description: '', building: '', costFen: 1, photos: [] },
]

const visit = (
  householdId: string,
  outcome: Visit['outcome'],
  visitorName: string,
  at: string,
  opinions: Visit['opinions'] = {},
): Visit => ({
  v: 1,
  proposalId: 'pr_x',
  versionNo: 1,
  householdId,
  outcome,
  metName: outcome === 'visited' ? '户主' : '',
  opinions,
  remark: '',
  visitor: visitorName,
  visitorName,
  device: 'd',
  at,
})

function canvass() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  // Two heads, offline, same building; 1-1-0101 visited by both with different opinions.
  recordVisit(
    a,
    visit('1-1-0101', 'visited', '孙楼长', '2025-03-01T01:00:00Z', {
      i_wall: { stance: 'support', suggestion: '颜色要淡' },
      i_light: { stance: 'oppose', suggestion: '' },
    }),
  )
  recordVisit(a, visit('1-1-0102', 'not_home', '孙楼长', '2025-03-01T01:05:00Z'))
  recordVisit(
    a,
    visit('1-1-0201', 'visited', '孙楼长', '2025-03-01T01:10:00Z', {
      i_wall: { stance: 'support', suggestion: ' 颜色要淡 ' },
      i_light: { stance: 'support', suggestion: '' },
    }),
  )
  recordVisit(
    b,
    visit('1-1-0101', 'visited', '李单元长', '2025-03-01T02:00:00Z', {
      i_wall: { stance: 'oppose', suggestion: '' },
      i_light: { stance: 'support', suggestion: '加装="危险"' },
    }),
  )
  recordVisit(b, visit('1-1-0202', 'refused', '李单元长', '2025-03-01T02:05:00Z'))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  return a
}

describe('canvass summary', () => {
  it('counts coverage by building → unit, keeps both visits of a household, counts its latest opinion', () => {
    const doc = canvass()
    const visits = readVisits(doc)
    expect(visits).toHaveLength(5)
    const s = summarise(
      households,
      visits,
      items.map((i) => i.id),
    )
    expect(s.overall).toMatchObject({ total: 276, reached: 3, visited: 2, refused: 1, notHome: 1, unvisited: 272 })
    const b1 = s.buildings.find((b) => b.building === '1')!
    const u1 = b1.units.find((u) => u.unit === '1')!
    expect(u1.revisit.map((h) => h.householdId)).toEqual(['1-1-0102'])
    expect(b1.reached).toBe(3)
    expect(coveragePercent(b1)).toBe(Math.floor(300 / b1.total))
    const h = s.households.find((x) => x.household.householdId === '1-1-0101')!
    expect(h.visits.map((v) => v.visitorName)).toEqual(['孙楼长', '李单元长'])
    expect(h.counted?.visitorName).toBe('李单元长')
    expect(h.disagreeing).toBe(true)
    const [wall, light] = s.items
    expect(wall).toMatchObject({ support: 1, oppose: 1, none: 0 })
    expect(light).toMatchObject({ support: 2, oppose: 0 })
    expect(wall!.suggestions).toEqual([
      {
        text: '颜色要淡',
        refs: expect.arrayContaining([
          expect.objectContaining({ householdId: '1-1-0101' }),
          expect.objectContaining({ householdId: '1-1-0201' }),
        ]),
      },
    ])
  })

  it('exports 每户意见汇总表: one row per household (276 + header), UTF-8 with BOM, Chinese intact', () => {
    const doc = canvass()
    const s = summarise(
      households,
      readVisits(doc),
      items.map((i) => i.id),
    )
    const out = canvassCsv(s, items)
    expect(out.startsWith('\uFEFF户号,楼栋,单元,房号,户主,走访状态')).toBe(true)
    const lines = out
      .slice(1)
      .split('\r\n')
      .filter((l) => l !== '')
    expect(lines).toHaveLength(277)
    expect(lines[0]).toContain('1. 墙体美化,2. 路灯,建议')
    const row = lines.find((l) => l.startsWith('1-1-0101,'))!
    expect(row).toContain('周勇')
    expect(row).toContain('已走访,2,孙楼长、李单元长')
    expect(row).toContain('反对,支持')
    expect(row).toContain('"1. 墙体美化：颜色要淡（孙楼长）；2. 路灯：加装=""危险""（李单元长）"')
    expect(lines.find((l) => l.startsWith('1-1-0102,'))).toContain('不在家')
    expect(lines.find((l) => l.startsWith('9-'))).toContain('未走访')
    // Round trip through bytes: the Chinese survives UTF-8 encoding.
    const bytes = new TextEncoder().encode(out)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(out)
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(276)
  })
})
