import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readVisits, recordVisit } from '../../../../src/domain/canvass/commands'
import { VISITS, type Visit } from '../../../../src/domain/canvass/schema'
import { summarise } from '../../../../src/domain/canvass/summary'
import type { HouseholdRecord } from '../../../../src/domain/roll/schema'
import { expectRefused } from '../../../helpers/refusal'

const household = { householdId: '1-1-0101', building: '1', unit: '1', flat: '0101' } as HouseholdRecord
const visit = (visitorName: string, at: string, opinions: Visit['opinions']): Visit => ({
  v: 1,
  proposalId: 'pr_x',
  versionNo: 1,
  householdId: '1-1-0101',
  outcome: 'visited',
  metName: '户主',
  opinions,
  remark: '',
  visitor: visitorName,
  visitorName,
  device: 'd',
  at,
})
const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from))
const support = { stance: 'support' as const, suggestion: '' }
const oppose = { stance: 'oppose' as const, suggestion: '' }

describe('canvass visits in causal order', () => {
  it('a malformed visit is refused with its failing fields and writes nothing', () => {
    const doc = new Y.Doc()
    recordVisit(doc, visit('孙楼长', '2025-03-01T10:00:00+08:00', { i: support }))
    const bad = { ...visit('李单元长', 'yesterday', { i: support }), outcome: 'maybe' } as unknown as Visit
    expectRefused(doc, () => recordVisit(doc, bad), 'visit.invalid')
    expect(recordVisit(doc, bad)).toMatchObject({ detail: expect.stringContaining('outcome') })
    expect(readVisits(doc)).toHaveLength(1)
  })

  it('compares +08:00 and Z times as instants (visits recorded before seq existed)', () => {
    const doc = new Y.Doc()
    // 09:30 Beijing = 01:30Z; 02:00Z = 10:00 Beijing, so 孙 came first although "…T09" > "…T02" as text.
    doc.getMap(VISITS).set('w_b', visit('李单元长', '2025-03-01T02:00:00Z', { i: oppose }))
    doc.getMap(VISITS).set('w_a', visit('孙楼长', '2025-03-01T09:30:00+08:00', { i: support }))
    const visits = readVisits(doc)
    expect(visits.map((v) => v.visitorName)).toEqual(['孙楼长', '李单元长'])
    const s = summarise([household], visits, ['i'])
    expect(s.households[0]!.counted?.visitorName).toBe('李单元长')
    expect(s.items[0]).toMatchObject({ support: 0, oppose: 1 })
  })

  it('a visit recorded after seeing another counts as later even when its device clock is behind', () => {
    const a = new Y.Doc()
    recordVisit(a, visit('孙楼长', '2025-03-01T10:00:00+08:00', { i: support }))
    const b = new Y.Doc()
    sync(a, b)
    // Second tablet saw the first visit; its clock reads 09:30 Beijing (written as Z).
    recordVisit(b, visit('李单元长', '2025-03-01T01:30:00Z', { i: oppose }))
    sync(b, a)
    const visits = readVisits(a)
    expect(visits.map((v) => v.visitorName)).toEqual(['孙楼长', '李单元长'])
    const s = summarise([household], visits, ['i'])
    expect(s.households[0]!.counted?.visitorName).toBe('李单元长')
    expect(s.items[0]).toMatchObject({ support: 0, oppose: 1 })
  })

  it('a later visit silent on an item keeps the earlier opinion for that item', () => {
    const doc = new Y.Doc()
    recordVisit(doc, visit('孙楼长', '2025-03-01T10:00:00+08:00', { wall: support, light: oppose }))
    recordVisit(doc, visit('李单元长', '2025-03-02T10:00:00+08:00', { wall: oppose }))
    const s = summarise([household], readVisits(doc), ['wall', 'light'])
    const counted = s.households[0]!.counted!
    expect(counted.visitorName).toBe('李单元长')
    expect(counted.opinions).toEqual({ wall: oppose, light: oppose })
    expect(s.items[0]).toMatchObject({ support: 0, oppose: 1, missing: 0 })
    expect(s.items[1]).toMatchObject({ support: 0, oppose: 1, missing: 0 })
  })
})
