/**
 * Issue #16 (voting): owner-level conflicts, the rule after a resolution, no close with open
 * conflicts, and ballots that reach the doc after the close. Expectations are computed by hand from
 * the fixture roll: 1-1-0101 P1 100 m², 1-1-0102 P2 100 m², 1-2-0101 P3 50 m², 2-1-0101 P3 50 m²
 * (3 heads, 300 m²).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { closeVote, recordBallot, resolveConflict } from '../../../../src/domain/voting/commands'
import { readVote } from '../../../../src/domain/voting/read'
import { openConflicts, tallyVote } from '../../../../src/domain/voting/resolution'
import { tally, type RollFlat, type TallyBallot } from '../../../../src/domain/voting/tally'
import { CHAIR, HEAD, openedVote } from './fixtures'

const self = (doc: Y.Doc, householdId: string, choice: TallyBallot['choice'], at: number) =>
  recordBallot(doc, { householdId, choice, channel: 'self' }, HEAD, at)

describe('owner-level conflicts through resolution', () => {
  it('a conflict inside one flat of P3 puts both P3 flats in one group; resolving counts both flats', () => {
    const doc = openedVote('ordinary')
    self(doc, '1-2-0101', 'agree', 10)
    self(doc, '1-2-0101', 'oppose', 11)
    self(doc, '2-1-0101', 'agree', 12)
    self(doc, '1-1-0101', 'oppose', 13)
    const before = tallyVote(readVote(doc), 'ordinary')
    expect(before.result.conflicts).toEqual(['1-2-0101', '2-1-0101'])
    // only P1 counts: 1 head, 100 m², opposing
    expect(before.result).toMatchObject({ participatingHeads: 1, participatingArea: '100.00', agreeHeads: 0 })
    expect(before.groups.map((g) => g.householdIds)).toEqual([['1-2-0101', '2-1-0101']])
    const g = before.groups[0]!
    const keep = g.ballots.find((b) => b.choice === 'oppose')!
    expect(resolveConflict(doc, g, keep.id, '业主本人确认反对', CHAIR, 20).ok).toBe(true)
    const after = tallyVote(readVote(doc), 'ordinary')
    // P1 + P3 oppose: 2 heads, 200 m²; the 2-1-0101 "agree" ballot was discarded, the flat counts as oppose
    expect(after.result).toMatchObject({
      conflicts: [],
      participatingHeads: 2,
      participatingArea: '200.00',
      agreeHeads: 0,
      agreeArea: '0.00',
    })
  })

  it('after a cross-flat resolution a flat with no ballot of its own counts with the kept choice', () => {
    const roll: RollFlat[] = [
      { householdId: 'a1', ownerId: 'A', areaM2: '40.00' },
      { householdId: 'a2', ownerId: 'A', areaM2: '60.00' },
      { householdId: 'a3', ownerId: 'A', areaM2: '20.00' },
    ]
    // As tallyVote feeds it: a1 agree (kept), a2's oppose discarded, one ballot per resolved flat.
    const r = tally(
      roll,
      [
        { householdId: 'a1', choice: 'agree' },
        { householdId: 'a1', choice: 'agree' },
        { householdId: 'a2', choice: 'agree' },
        { householdId: 'a3', choice: 'agree' },
      ],
      'special',
    )
    expect(r).toMatchObject({ participatingArea: '120.00', agreeArea: '120.00', participatingHeads: 1, passed: true })
  })
})

describe('closing', () => {
  it('is refused while a conflict is open, and allowed once it is resolved', () => {
    const doc = openedVote('ordinary')
    self(doc, '1-1-0101', 'agree', 10)
    self(doc, '1-1-0101', 'oppose', 11)
    expect(openConflicts(readVote(doc))).toEqual(['1-1-0101'])
    expect(closeVote(doc, CHAIR, 12)).toEqual({ ok: false, code: 'vote.open_conflicts', detail: '1-1-0101' })
    expect(readVote(doc).meta?.status).toBe('open')
    const g = tallyVote(readVote(doc), 'ordinary').groups[0]!
    resolveConflict(doc, g, g.ballots[0]!.id, '核实', CHAIR, 13)
    expect(openConflicts(readVote(doc))).toEqual([])
    expect(closeVote(doc, CHAIR, 14).ok).toBe(true)
  })

  it('a ballot recorded offline that reaches the doc after the close is not counted, whatever its clock', () => {
    const doc = openedVote('ordinary')
    const tablet = new Y.Doc()
    Y.applyUpdate(tablet, Y.encodeStateAsUpdate(doc))
    self(doc, '1-1-0101', 'agree', 10)
    self(doc, '1-1-0102', 'agree', 11)
    // the offline tablet's clock is EARLIER than the close — a clock rule would count it
    self(tablet, '1-2-0101', 'oppose', 5)
    expect(closeVote(doc, CHAIR, 100).ok).toBe(true)
    const hashAtClose = readVote(doc).events.find((e) => e.type === 'close')!.detail
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(tablet))
    const snap = readVote(doc)
    expect(snap.ballots.map((b) => b.householdId)).toEqual(['1-1-0101', '1-1-0102'])
    expect(snap.late.map((b) => b.householdId)).toEqual(['1-2-0101'])
    // P1 + P2 agree: 2 heads of 3, 200 of 300 m² → exactly 2/3, met; all agree → passed
    expect(tallyVote(snap, 'ordinary').result).toMatchObject({
      participatingHeads: 2,
      participatingArea: '200.00',
      agreeHeads: 2,
      participationMet: true,
      passed: true,
    })
    // every device agrees on what the close saw, in any merge order
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(tablet))
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    expect(readVote(other).late.map((b) => b.householdId)).toEqual(['1-2-0101'])
    expect(hashAtClose).toMatch(/^sha256=/)
  })

  it('ballots already in the doc at the close all count, including offline ones merged before it', () => {
    const doc = openedVote('ordinary')
    const tablet = new Y.Doc()
    Y.applyUpdate(tablet, Y.encodeStateAsUpdate(doc))
    self(tablet, '1-2-0101', 'oppose', 500) // clock AFTER the close time below
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(tablet))
    expect(closeVote(doc, CHAIR, 100).ok).toBe(true)
    const snap = readVote(doc)
    expect(snap.late).toEqual([])
    expect(tallyVote(snap, 'ordinary').result).toMatchObject({ participatingHeads: 1, participatingArea: '50.00' })
  })
})

describe('property: the tally does not depend on ballot order', () => {
  const roll: RollFlat[] = [
    { householdId: 'h0', ownerId: 'A', areaM2: '80.25' },
    { householdId: 'h1', ownerId: 'A', areaM2: '60.00' },
    { householdId: 'h2', ownerId: 'B', areaM2: '99.99' },
    { householdId: 'h3', ownerId: 'C', areaM2: '45.50' },
    { householdId: 'h4', ownerId: 'D', areaM2: '120.00' },
    { householdId: 'h5', ownerId: 'D', areaM2: '10.01' },
  ]
  const ballot = fc.record({
    householdId: fc.constantFrom('h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'zz'),
    choice: fc.constantFrom('agree' as const, 'oppose' as const, 'abstain' as const),
  })
  it('any permutation of the ballots gives the same result', () => {
    fc.assert(
      fc.property(
        fc
          .array(ballot, { maxLength: 14 })
          .chain((bs) =>
            fc.tuple(fc.constant(bs), fc.shuffledSubarray(bs, { minLength: bs.length, maxLength: bs.length })),
          ),
        fc.constantFrom('special' as const, 'ordinary' as const),
        ([bs, shuffled], matter) => {
          expect(tally(roll, shuffled, matter)).toEqual(tally(roll, bs, matter))
        },
      ),
      { numRuns: 300 },
    )
  })
})
