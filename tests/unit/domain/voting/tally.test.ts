import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  tally,
  TallyInputError,
  unknownBallotHouseholds,
  type RollFlat,
  type TallyBallot,
} from '../../../../src/domain/voting/tally'
import { importCsv } from '../../../../src/domain/roll/importCsv'
import { toRollFlats } from '../../../../src/domain/roll/queries'

/** One flat per owner: flat i is `h<i>` owned by `o<i>`. */
const singles = (...areas: string[]): RollFlat[] =>
  areas.map((areaM2, i) => ({ householdId: `h${i}`, ownerId: `o${i}`, areaM2 }))
const b = (householdId: string, choice: TallyBallot['choice']): TallyBallot => ({ householdId, choice })

describe('participation (≥ 2/3 area AND ≥ 2/3 heads, inclusive)', () => {
  it('exactly 2/3 of area and heads is met', () => {
    const r = tally(singles('100.00', '100.00', '100.00'), [b('h0', 'agree'), b('h1', 'agree')], 'ordinary')
    expect(r.participatingArea).toBe('200.00')
    expect(r.participatingHeads).toBe(2)
    expect(r.totalArea).toBe('300.00')
    expect(r.participationMet).toBe(true)
    expect(r.passed).toBe(true)
  })
  it('0.01 m² below 2/3 of area is not met (heads are still 2/3)', () => {
    const r = tally(singles('100.00', '100.00', '100.01'), [b('h0', 'agree'), b('h1', 'agree')], 'ordinary')
    expect(r.participationMet).toBe(false)
    expect(r.passed).toBe(false)
  })
  it('area met but heads below 2/3 is not met', () => {
    const r = tally(singles('900.00', '10.00', '10.00', '10.00'), [b('h0', 'agree'), b('h1', 'agree')], 'ordinary')
    expect(r.participatingHeads).toBe(2) // 2/4 < 2/3
    expect(r.participationMet).toBe(false)
  })
  it('heads met but area below 2/3 is not met', () => {
    const r = tally(
      singles('900.00', '10.00', '10.00', '10.00'),
      ['h1', 'h2', 'h3'].map((h) => b(h, 'agree')),
      'ordinary',
    )
    expect(r.participatingHeads).toBe(3)
    expect(r.participationMet).toBe(false)
  })
  it('abstain participates but does not agree', () => {
    const r = tally(
      singles('10.00', '10.00', '10.00'),
      [b('h0', 'agree'), b('h1', 'abstain'), b('h2', 'abstain')],
      'ordinary',
    )
    expect(r.participationMet).toBe(true)
    expect(r.agreeHeads).toBe(1)
    expect(r.passed).toBe(false)
  })
  it('passed implies participationMet even with unanimous agreement', () => {
    const r = tally(singles('10.00', '10.00', '10.00'), [b('h0', 'agree')], 'special')
    expect(r.participationMet).toBe(false)
    expect(r.passed).toBe(false)
  })
  it('an empty roll never passes', () => {
    const r = tally([], [], 'ordinary')
    expect(r).toMatchObject({ totalArea: '0.00', totalHeads: 0, participationMet: false, passed: false })
  })
})

describe('special matters (items 6–8): ≥ 3/4 of participating area AND heads', () => {
  const four = singles('10.00', '10.00', '10.00', '10.00')
  const votes = (agree: number): TallyBallot[] => four.map((f, i) => b(f.householdId, i < agree ? 'agree' : 'oppose'))
  it('exactly 3/4 passes', () => {
    const r = tally(four, votes(3), 'special')
    expect(r.agreeArea).toBe('30.00')
    expect(r.agreeHeads).toBe(3)
    expect(r.passed).toBe(true)
  })
  it('0.01 m² below 3/4 of area fails', () => {
    const roll = singles('10.00', '10.00', '10.00', '10.01') // the opposing flat is 0.01 bigger
    expect(tally(roll, votes(3), 'special').passed).toBe(false)
  })
  it('area ≥ 3/4 but heads < 3/4 fails', () => {
    const roll = singles('100.00', '100.00', '1.00', '1.00', '1.00')
    const ballots = [b('h0', 'agree'), b('h1', 'agree'), b('h2', 'oppose'), b('h3', 'oppose'), b('h4', 'agree')]
    const r = tally(roll, ballots, 'special')
    expect(r.participationMet).toBe(true)
    expect(r.agreeHeads).toBe(3) // 3/5 < 3/4, area 201/203 ≥ 3/4
    expect(r.passed).toBe(false)
  })
  it('heads ≥ 3/4 but area < 3/4 fails', () => {
    const roll = singles('1.00', '1.00', '1.00', '100.00')
    const r = tally(roll, votes(3), 'special')
    expect(r.agreeHeads).toBe(3)
    expect(r.passed).toBe(false)
  })
})

describe('ordinary matters: strictly more than 1/2 of participating area AND heads', () => {
  it('exactly 1/2 fails', () => {
    const r = tally(
      singles('10.00', '10.00', '10.00', '10.00'),
      [b('h0', 'agree'), b('h1', 'agree'), b('h2', 'oppose'), b('h3', 'oppose')],
      'ordinary',
    )
    expect(r.participationMet).toBe(true)
    expect(r.passed).toBe(false)
  })
  it('just above 1/2 of area and heads passes', () => {
    const r = tally(
      singles('25.00', '25.01', '50.00'),
      [b('h0', 'agree'), b('h1', 'agree'), b('h2', 'oppose')],
      'ordinary',
    )
    expect(r.agreeArea).toBe('50.01')
    expect(r.passed).toBe(true)
  })
  it('heads above 1/2 but area exactly 1/2 fails', () => {
    const r = tally(
      singles('25.00', '25.00', '50.00'),
      [b('h0', 'agree'), b('h1', 'agree'), b('h2', 'oppose')],
      'ordinary',
    )
    expect(r.passed).toBe(false)
  })
  it('area above 1/2 but heads not above 1/2 fails', () => {
    const r = tally(
      singles('300.00', '10.00', '10.00', '10.00'),
      [b('h0', 'agree'), b('h1', 'oppose'), b('h2', 'oppose'), b('h3', 'agree')],
      'ordinary',
    )
    expect(r.agreeHeads).toBe(2) // 2/4
    expect(r.passed).toBe(false)
  })
})

describe('headcount (SPC interpretation Art. 9)', () => {
  const roll: RollFlat[] = [
    { householdId: 'A1', ownerId: 'P1', areaM2: '50.00' },
    { householdId: 'A2', ownerId: 'P1', areaM2: '60.00' },
    { householdId: 'A3', ownerId: 'P1', areaM2: '70.00' },
    { householdId: 'U1', ownerId: 'ORG-POST', areaM2: '40.00' },
    { householdId: 'U2', ownerId: 'ORG-POST', areaM2: '40.00' },
    { householdId: 'B1', ownerId: 'P2', areaM2: '80.00' },
  ]
  it('a multi-flat owner and the unsold flats are one head each', () => {
    expect(tally(roll, [], 'ordinary')).toMatchObject({ totalHeads: 3, totalArea: '340.00' })
  })
  it('an owner voting on all flats is one head with the areas summed', () => {
    const r = tally(roll, [b('A1', 'agree'), b('A2', 'agree'), b('A3', 'agree'), b('B1', 'agree')], 'ordinary')
    expect(r).toMatchObject({ participatingHeads: 2, participatingArea: '260.00', agreeHeads: 2, agreeArea: '260.00' })
  })
  it('an owner voting on one flat participates with that flat only', () => {
    const r = tally(roll, [b('A2', 'agree')], 'ordinary')
    expect(r).toMatchObject({ participatingHeads: 1, participatingArea: '60.00', agreeArea: '60.00' })
  })
  it('unsold flats voted by the original unit are one head', () => {
    const r = tally(roll, [b('U1', 'oppose'), b('U2', 'oppose')], 'ordinary')
    expect(r).toMatchObject({ participatingHeads: 1, participatingArea: '80.00', agreeHeads: 0 })
  })
})

describe('conflicts', () => {
  const roll: RollFlat[] = [
    { householdId: 'A1', ownerId: 'P1', areaM2: '50.00' },
    { householdId: 'A2', ownerId: 'P1', areaM2: '60.00' },
    { householdId: 'A3', ownerId: 'P1', areaM2: '70.00' },
    { householdId: 'B1', ownerId: 'P2', areaM2: '80.00' },
  ]
  it('two different ballots for one household: neither counts, result provisional', () => {
    const r = tally(roll, [b('B1', 'agree'), b('B1', 'oppose')], 'ordinary')
    expect(r).toMatchObject({ conflicts: ['B1'], provisional: true, participatingHeads: 0, participatingArea: '0.00' })
  })
  it('same-choice duplicates count once and are no conflict', () => {
    const r = tally(roll, [b('B1', 'agree'), b('B1', 'agree')], 'ordinary')
    expect(r).toMatchObject({ conflicts: [], provisional: false, participatingHeads: 1, agreeArea: '80.00' })
  })
  it('contradictory ballots across one owner’s flats: all the owner’s flats are conflicts, nothing counts', () => {
    const r = tally(roll, [b('A1', 'agree'), b('A2', 'oppose'), b('B1', 'agree')], 'ordinary')
    expect(r.conflicts).toEqual(['A1', 'A2', 'A3'])
    expect(r.provisional).toBe(true)
    expect(r).toMatchObject({ participatingHeads: 1, participatingArea: '80.00', agreeHeads: 1 })
  })
  it('agree + abstain across an owner’s flats is also a conflict', () => {
    const r = tally(roll, [b('A1', 'agree'), b('A3', 'abstain')], 'ordinary')
    expect(r.conflicts).toEqual(['A1', 'A2', 'A3'])
    expect(r.participatingHeads).toBe(0)
  })
  it('a household conflict on one flat makes the whole owner a conflict: none of their flats count', () => {
    // P1: A1 agree+oppose, A2 agree. P2 (B1 80 m²) opposes. Before #16 A2's 60 m² counted as agreeing
    // (agree 60 / 140 m², 1 / 2 heads); now P1 is out entirely: 80 m², 1 head, nobody agrees.
    const r = tally(roll, [b('A1', 'agree'), b('A1', 'oppose'), b('A2', 'agree'), b('B1', 'oppose')], 'ordinary')
    expect(r.conflicts).toEqual(['A1', 'A2', 'A3'])
    expect(r).toMatchObject({
      participatingHeads: 1,
      participatingArea: '80.00',
      agreeHeads: 0,
      agreeArea: '0.00',
      provisional: true,
    })
  })
  it('an owner-level conflict cannot make a provisional result read 通过', () => {
    // 3 owners, 100 m² each; X owns x1 + x2 (50 m² each). x1 agree+oppose, x2 agree; Y agrees; Z opposes.
    // Old rule: X counted (x2 50 m² agree) → agree 2/3 heads, 150/250 m² → "通过" (ordinary).
    // Now X is out: participating Y+Z = 2/3 heads, 200/300 m² (met); agree 1/2 heads → not > 1/2.
    const r3: RollFlat[] = [
      { householdId: 'x1', ownerId: 'X', areaM2: '50.00' },
      { householdId: 'x2', ownerId: 'X', areaM2: '50.00' },
      { householdId: 'y', ownerId: 'Y', areaM2: '100.00' },
      { householdId: 'z', ownerId: 'Z', areaM2: '100.00' },
    ]
    const r = tally(
      r3,
      [b('x1', 'agree'), b('x1', 'oppose'), b('x2', 'agree'), b('y', 'agree'), b('z', 'oppose')],
      'ordinary',
    )
    expect(r).toMatchObject({ participatingHeads: 2, participatingArea: '200.00', agreeHeads: 1, passed: false })
    expect(r.conflicts).toEqual(['x1', 'x2'])
  })
})

describe('input handling', () => {
  it('ignores ballots for households not on the roll and lists them separately', () => {
    const roll = singles('10.00', '10.00', '10.00')
    const ballots = [b('h0', 'agree'), b('h1', 'agree'), b('9-9-9999', 'oppose'), b('x', 'agree'), b('x', 'oppose')]
    const r = tally(roll, ballots, 'special')
    expect(r).toMatchObject({ participatingHeads: 2, conflicts: [], passed: true })
    expect(unknownBallotHouseholds(roll, ballots)).toEqual(['9-9-9999', 'x'])
  })
  it.each(['abc', '-1.00', '1.234', '', '1e3', '82.'])('rejects roll area %j with TallyInputError', (area) => {
    const run = () => tally(singles('10.00', area), [], 'ordinary')
    expect(run).toThrow(TallyInputError)
    try {
      run()
    } catch (e) {
      expect((e as TallyInputError).code).toBe('roll.bad_area')
      expect((e as TallyInputError).householdId).toBe('h1')
    }
  })
  it('accepts "82.5" and "82" as areas', () => {
    expect(tally(singles('82.5', '82'), [], 'ordinary').totalArea).toBe('164.50')
  })
  it('rejects a roll listing one household twice', () => {
    const roll = [...singles('10.00'), ...singles('10.00')]
    expect(() => tally(roll, [], 'ordinary')).toThrow(/duplicate/)
  })
})

describe('properties', () => {
  const roll: RollFlat[] = [
    ...singles('48.20', '56.30', '62.75', '71.10', '73.90', '82.50', '89.60', '103.40', '117.25'),
    { householdId: 'm1', ownerId: 'M', areaM2: '82.50' },
    { householdId: 'm2', ownerId: 'M', areaM2: '117.25' },
    { householdId: 'u1', ownerId: 'ORG', areaM2: '56.30' },
    { householdId: 'u2', ownerId: 'ORG', areaM2: '73.90' },
  ]
  const ids = [...roll.map((f) => f.householdId), 'ghost']
  const ballotArb = fc.record({
    householdId: fc.constantFrom(...ids),
    choice: fc.constantFrom<TallyBallot['choice']>('agree', 'oppose', 'abstain'),
  })
  const ballotsArb = fc.array(ballotArb, { maxLength: 30 })
  const matterArb = fc.constantFrom<'special' | 'ordinary'>('special', 'ordinary')

  it('is independent of ballot order', () => {
    fc.assert(
      fc.property(ballotsArb, matterArb, fc.nat(), (ballots, matter, seed) => {
        const shuffled = [...ballots]
        let s = seed
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2147483648
          const j = s % (i + 1)
          ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
        }
        expect(tally(roll, shuffled, matter)).toEqual(tally(roll, ballots, matter))
      }),
    )
  })
  it('is unchanged by duplicating a ballot (same choice)', () => {
    fc.assert(
      fc.property(
        ballotsArb.filter((bs) => bs.length > 0),
        fc.nat(),
        matterArb,
        (ballots, k, matter) => {
          const dup = ballots[k % ballots.length]!
          expect(tally(roll, [...ballots, { ...dup }], matter)).toEqual(tally(roll, ballots, matter))
        },
      ),
    )
  })
  it('passed implies participationMet; provisional iff conflicts', () => {
    fc.assert(
      fc.property(ballotsArb, matterArb, (ballots, matter) => {
        const r = tally(roll, ballots, matter)
        if (r.passed) expect(r.participationMet).toBe(true)
        expect(r.provisional).toBe(r.conflicts.length > 0)
        expect(r.agreeHeads).toBeLessThanOrEqual(r.participatingHeads)
      }),
    )
  })
})

describe('sample roll 邮政小区', () => {
  const bytes = readFileSync(fileURLToPath(new URL('../../../fixtures/youzheng-roll.csv', import.meta.url)))
  const imported = importCsv(new Uint8Array(bytes))
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors.slice(0, 3)))
  const roll = toRollFlats(imported.rows)
  it('has 276 flats and 271 heads', () => {
    expect(roll).toHaveLength(276)
    expect(tally(roll, [], 'special').totalHeads).toBe(271)
  })
  it('everyone agreeing passes a special matter', () => {
    const r = tally(
      roll,
      roll.map((f) => b(f.householdId, 'agree')),
      'special',
    )
    expect(r).toMatchObject({ participatingHeads: 271, agreeHeads: 271, passed: true, participationMet: true })
    expect(r.agreeArea).toBe(r.totalArea)
  })
})
