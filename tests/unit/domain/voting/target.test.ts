/** The participation drive's target: the fewest not-yet-voted owners meeting both 2/3 lines (issue #16 item 3). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { freezeRoll } from '../../../../src/domain/voting/commands'
import { toRollFlats } from '../../../../src/domain/voting/resolution'
import { driveTarget } from '../../../../src/domain/voting/target'
import { tally, type TallyBallot } from '../../../../src/domain/voting/tally'
import { household } from './fixtures'

const run = (roll: ReturnType<typeof freezeRoll>, ballots: TallyBallot[]) => {
  const result = tally(toRollFlats(roll), ballots, 'ordinary')
  return { result, target: driveTarget(roll, result, new Set(ballots.map((b) => b.householdId))) }
}

describe('drive target', () => {
  it('names one set of owners; the developer’s unsold flats are one owner with their summed area', () => {
    // D (developer) 3 × 60 m² unsold = 180; A 100; B 90; C 2 × 40 = 80; E 30; F 20 (voted).
    // Total 500.00 m², 6 heads → lines 333.34 m² and 4 heads; F gives 20.00 m², 1 head.
    // Missing 3 heads / 313.34 m². Largest first: D 180 + A 100 = 280 < 313.34; + B 90 = 370 → 3 owners.
    const roll = freezeRoll([
      household('1-1-0101', 'D', 6000),
      household('1-1-0102', 'D', 6000),
      household('1-1-0201', 'D', 6000),
      household('2-1-0101', 'A', 10000),
      household('2-1-0102', 'B', 9000),
      household('3-1-0101', 'C', 4000),
      household('3-1-0102', 'C', 4000),
      household('4-1-0101', 'E', 3000),
      household('4-1-0102', 'F', 2000),
    ])
    const { target } = run(roll, [{ householdId: '4-1-0102', choice: 'agree' }])
    expect(target).toMatchObject({
      met: false,
      reachable: true,
      heads: 3,
      area: '370.00',
      missingHeads: 3,
      missingAreaCenti: 31334,
    })
    expect(target.owners.map((o) => [o.ownerId, o.area])).toEqual([
      ['D', '180.00'],
      ['A', '100.00'],
      ['B', '90.00'],
    ])
    expect(target.owners[0]!.households).toEqual(['1-1-0101', '1-1-0102', '1-1-0201'])
  })

  it('when the two gaps need different owners, N covers both (the old "还差 1 户 / 60 m²" had no such owner)', () => {
    // A 10, B 10 voted; C 50, D 50 not. Total 120 m², 4 heads → lines 80.00 m², 3 heads.
    // Missing 1 head but 60.00 m²: no single owner has 60 m², so the target is C + D (100 m²).
    const roll = freezeRoll([
      household('1-1-0101', 'A', 1000),
      household('1-1-0102', 'B', 1000),
      household('1-1-0201', 'C', 5000),
      household('1-1-0202', 'D', 5000),
    ])
    const { target } = run(roll, [
      { householdId: '1-1-0101', choice: 'agree' },
      { householdId: '1-1-0102', choice: 'oppose' },
    ])
    expect(target).toMatchObject({ missingHeads: 1, missingAreaCenti: 6000, heads: 2, area: '100.00', reachable: true })
  })

  it('says when the remaining owners cannot reach the lines (a large owner in conflict)', () => {
    // X 500 m² in conflict; A, B, C 10 m² each not voted. Lines: 353.34 m², 3 heads. All three give 30 m².
    const roll = freezeRoll([
      household('1-1-0101', 'X', 50000),
      household('1-1-0102', 'A', 1000),
      household('1-1-0201', 'B', 1000),
      household('1-1-0202', 'C', 1000),
    ])
    const { target } = run(roll, [
      { householdId: '1-1-0101', choice: 'agree' },
      { householdId: '1-1-0101', choice: 'oppose' },
    ])
    expect(target).toMatchObject({ reachable: false, met: false, heads: 3, area: '30.00' })
  })

  it('is met (0 owners) once both lines are met', () => {
    const roll = freezeRoll([
      household('1-1-0101', 'A', 1000),
      household('1-1-0102', 'B', 1000),
      household('1-1-0201', 'C', 1000),
    ])
    const { target } = run(roll, [
      { householdId: '1-1-0101', choice: 'agree' },
      { householdId: '1-1-0102', choice: 'abstain' },
    ])
    expect(target).toMatchObject({ met: true, reachable: true, heads: 0, owners: [] })
  })
})

describe('property: the drive’s N owners, voting, meet both 2/3 lines; N − 1 never do', () => {
  const flat = fc.record({
    owner: fc.integer({ min: 0, max: 7 }),
    areaCenti: fc.integer({ min: 1, max: 20_000 }),
    ballot: fc.constantFrom<'none' | TallyBallot['choice'] | 'conflict'>(
      'none',
      'none',
      'agree',
      'oppose',
      'abstain',
      'conflict',
    ),
  })
  it('holds for random rolls, owners with several flats, conflicts and partial votes', () => {
    fc.assert(
      fc.property(fc.array(flat, { minLength: 1, maxLength: 14 }), (flats) => {
        const roll = freezeRoll(
          flats.map((f, i) =>
            household(`${1 + (i % 3)}-1-${String(101 + i).padStart(4, '0')}`, `O${f.owner}`, f.areaCenti),
          ),
        )
        const ballots: TallyBallot[] = []
        flats.forEach((f, i) => {
          const householdId = roll[i]!.householdId
          if (f.ballot === 'conflict') ballots.push({ householdId, choice: 'agree' }, { householdId, choice: 'oppose' })
          else if (f.ballot !== 'none') ballots.push({ householdId, choice: f.ballot })
        })
        const { result, target } = run(roll, ballots)
        if (target.met) {
          expect(result.participationMet).toBe(true)
          return
        }
        expect(result.participationMet).toBe(false)
        if (!target.reachable) {
          // even every candidate together does not meet the lines
          const all = target.owners.flatMap((o) =>
            o.households.map((h) => ({ householdId: h, choice: 'agree' as const })),
          )
          expect(tally(toRollFlats(roll), [...ballots, ...all], 'ordinary').participationMet).toBe(false)
          return
        }
        const vote = (owners: typeof target.owners) =>
          tally(
            toRollFlats(roll),
            [
              ...ballots,
              ...owners.flatMap((o) => o.households.map((h) => ({ householdId: h, choice: 'abstain' as const }))),
            ],
            'ordinary',
          ).participationMet
        expect(vote(target.owners)).toBe(true)
        if (target.heads > 0) expect(vote(target.owners.slice(0, -1))).toBe(false)
      }),
      { numRuns: 400 },
    )
  })
})
