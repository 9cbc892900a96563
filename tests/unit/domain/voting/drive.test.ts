import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { missingToTwoThirds, participationDrive, twoThirdsOf } from '../../../../src/domain/voting/drive'
import { atLeastFraction } from '../../../../src/domain/law/area'
import { freezeRoll } from '../../../../src/domain/voting/commands'
import { household } from './fixtures'

describe('missing to 2/3 (还差 N 户 / X m²)', () => {
  it('is the smallest number with n·3 ≥ total·2', () => {
    expect(twoThirdsOf(3)).toBe(2)
    expect(twoThirdsOf(4)).toBe(3)
    expect(twoThirdsOf(271)).toBe(181) // the sample roll's owner heads
    expect(twoThirdsOf(0)).toBe(0)
  })
  it('counts heads and area still missing, never below zero', () => {
    // sample roll: 271 heads, 21297.80 m²
    expect(missingToTwoThirds(271, 0, 2129780, 0)).toEqual({
      heads: 181,
      areaCenti: 1419854,
      area: '14198.54',
      met: false,
    })
    expect(missingToTwoThirds(271, 180, 2129780, 1419854)).toEqual({ heads: 1, areaCenti: 0, area: '0.00', met: false })
    expect(missingToTwoThirds(271, 200, 2129780, 2000000)).toEqual({ heads: 0, areaCenti: 0, area: '0.00', met: true })
    expect(missingToTwoThirds(0, 0, 0, 0).met).toBe(false)
  })
  it('is minimal: adding exactly the missing amount meets 2/3, one less does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.nat(), (total, seed) => {
        const part = seed % (total + 1)
        const { heads } = missingToTwoThirds(total, part, total, part)
        expect(atLeastFraction(part + heads, total, 2, 3)).toBe(true)
        if (heads > 0) expect(atLeastFraction(part + heads - 1, total, 2, 3)).toBe(false)
      }),
    )
  })
})

describe('participation drive', () => {
  const roll = freezeRoll([
    household('1-1-0101', 'P1', 8250),
    household('1-1-0102', 'P2', 8960),
    household('1-2-0101', 'P3', 5000),
    household('10-1-0101', 'P4', 7000),
    household('2-1-0101', 'P5', 6000),
  ])
  it('lists households without a ballot per building and unit with their heads', () => {
    const heads = [
      { name: '孙楼长', role: 'building_head', scope: { buildings: ['1'] } },
      { name: '李单元长', role: 'unit_head', scope: { units: ['1-2'] } },
    ]
    const d = participationDrive(roll, new Set(['1-1-0101', '2-1-0101']), heads)
    expect(d.map((b) => b.building)).toEqual(['1', '2', '10'])
    expect(d[0]).toMatchObject({ building: '1', heads: ['孙楼长'], flats: 3, notVotedCount: 2, notVotedArea: '139.60' })
    expect(d[0]!.units.map((u) => [u.unit, u.heads, u.notVoted.map((f) => f.householdId), u.notVotedArea])).toEqual([
      ['1', ['孙楼长'], ['1-1-0102'], '89.60'],
      ['2', ['李单元长', '孙楼长'], ['1-2-0101'], '50.00'],
    ])
    expect(d[1]).toMatchObject({ notVotedCount: 0, notVotedArea: '0.00' })
    expect(d[2]!.units[0]!.heads).toEqual([])
  })
})
