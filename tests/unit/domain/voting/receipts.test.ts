/**
 * Ballot receipts and what the result hash covers (issue #16 items 4–5). Roll (fixtures.ts):
 * 1-1-0101 P1 100 m², 1-1-0102 P2 100 m², 1-2-0101 P3 50 m², 2-1-0101 P3 50 m².
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { sha256Hex } from '../../../../src/domain/crypto/sha256'
import { canonicalJson, canonicalResult, voteResultHash } from '../../../../src/domain/voting/canonical'
import { recordBallot, resolveConflict } from '../../../../src/domain/voting/commands'
import { readVote } from '../../../../src/domain/voting/read'
import {
  lookupReceipt,
  newReceiptCode,
  normalizeReceiptCode,
  receiptDigest,
} from '../../../../src/domain/voting/receipt'
import { tallyVote } from '../../../../src/domain/voting/resolution'
import { ballotsMap, type Ballot, type Choice } from '../../../../src/domain/voting/schema'
import { CHAIR, HEAD, openedVote } from './fixtures'

const receipts = (doc: Y.Doc) => canonicalResult(readVote(doc))!.receipts

describe('receipt codes', () => {
  it('are 12 Crockford base32 characters in three groups, different every time', () => {
    const codes = new Set(Array.from({ length: 200 }, newReceiptCode))
    expect(codes.size).toBe(200)
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
  })
  it('are read the way people type them: case, spaces, full-width, O/0 and I/L/1', () => {
    expect(normalizeReceiptCode('7kq2 m9xd 4tbw')).toBe('7KQ2M9XD4TBW')
    expect(normalizeReceiptCode('７ＫＱ２－Ｍ９ＸＤ－４ＴＢＷ')).toBe('7KQ2M9XD4TBW')
    expect(normalizeReceiptCode('O0IL-1111-2222')).toBe('001111112222')
    expect(normalizeReceiptCode('7KQ2-M9XD-4TB')).toBeNull() // too short
    expect(normalizeReceiptCode('7KQ2-M9XD-4TBU')).toBeNull() // U is not in the alphabet
  })
  it('the stored value is SHA-256 of "yishi.receipt/1:<voteId>:<code>" (hand-written input)', () => {
    expect(receiptDigest('v1', '7kq2-m9xd-4tbw')).toBe(sha256Hex('yishi.receipt/1:v1:7KQ2M9XD4TBW'))
    expect(receiptDigest('v2', '7KQ2M9XD4TBW')).not.toBe(receiptDigest('v1', '7KQ2M9XD4TBW'))
  })
})

describe('receipts on the notice', () => {
  it('every counted ballot’s code finds its line with what was counted; a wrong code finds nothing', () => {
    const doc = openedVote('ordinary')
    const r1 = recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'self' }, HEAD, 10)
    const r2 = recordBallot(
      doc,
      { householdId: '1-1-0102', choice: 'oppose', channel: 'paper', paperSerial: '7' },
      HEAD,
      11,
    )
    const r3 = recordBallot(doc, { householdId: '1-2-0101', choice: 'abstain', channel: 'self' }, HEAD, 12)
    const r4 = recordBallot(doc, { householdId: '2-1-0101', choice: 'agree', channel: 'self' }, HEAD, 13) // P3: conflict
    const codes = [r1, r2, r3, r4].map((r) => (r.ok ? r.value.receipt : ''))
    const list = receipts(doc)
    expect(list).toHaveLength(4)
    expect(lookupReceipt('v1', codes[0]!, list)).toEqual({ found: true, status: 'agree' })
    expect(lookupReceipt('v1', codes[1]!, list)).toEqual({ found: true, status: 'oppose' })
    expect(lookupReceipt('v1', codes[2]!, list)).toEqual({ found: true, status: 'conflict' })
    expect(lookupReceipt('v1', codes[3]!.toLowerCase().replace(/-/g, ' '), list)).toEqual({
      found: true,
      status: 'conflict',
    })
    // P3's conflict resolved by keeping the abstention: 1-2-0101 counts as abstain, 2-1-0101's ballot is discarded
    const g = tallyVote(readVote(doc), 'ordinary').groups[0]!
    resolveConflict(doc, g, g.ballots.find((b) => b.choice === 'abstain')!.id, '业主确认弃权', CHAIR, 20)
    const after = receipts(doc)
    expect(lookupReceipt('v1', codes[2]!, after)).toEqual({ found: true, status: 'abstain' })
    expect(lookupReceipt('v1', codes[3]!, after)).toEqual({ found: true, status: 'discarded' })
    // a code nobody got, a code of another vote, and garbage
    expect(lookupReceipt('v1', 'ZZZZ-ZZZZ-ZZZZ', after)).toEqual({ found: false })
    expect(lookupReceipt('v2', codes[0]!, after)).toEqual({ found: false })
    expect(lookupReceipt('v1', 'hello', after)).toBeNull()
  })

  it('the code is stored nowhere in the vote doc — only its hash', () => {
    const doc = openedVote('ordinary')
    const r = recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'self' }, HEAD, 10)
    const code = r.ok ? normalizeReceiptCode(r.value.receipt)! : ''
    const all = JSON.stringify(Y.encodeStateAsUpdate(doc)) + JSON.stringify(doc.getMap('ballots').toJSON())
    expect(all).not.toContain(code)
    expect(all).not.toContain(r.ok ? r.value.receipt : 'x')
  })
})

/** A doc whose ballots are written directly (fixed ids, codes and order), to compare two doc states. */
function docWith(ballots: Array<{ id: string; householdId: string; choice: Choice; code: string; at: number }>) {
  const doc = openedVote('ordinary')
  for (const b of ballots) {
    const ballot: Ballot = {
      householdId: b.householdId,
      choice: b.choice,
      channel: 'self',
      recordedBy: 'u_head',
      at: b.at,
      receipt: receiptDigest('v1', b.code)!,
    }
    ballotsMap(doc).set(b.id, ballot)
  }
  return doc
}
const A = '1111-1111-1111'
const B = '2222-2222-2222'

describe('the result hash covers every counted flat’s choice; the notice links no flat to a choice', () => {
  it('swapping the choices of two equal-area flats changes the hash', () => {
    const one = docWith([
      { id: 'b1', householdId: '1-1-0101', choice: 'agree', code: A, at: 1 },
      { id: 'b2', householdId: '1-1-0102', choice: 'oppose', code: B, at: 2 },
    ])
    const swapped = docWith([
      { id: 'b1', householdId: '1-1-0101', choice: 'oppose', code: A, at: 1 },
      { id: 'b2', householdId: '1-1-0102', choice: 'agree', code: B, at: 2 },
    ])
    // same figures (100 m² each, one head each) …
    expect(canonicalResult(readVote(swapped))!.tally).toEqual(canonicalResult(readVote(one))!.tally)
    // … but a different hash
    expect(voteResultHash(readVote(swapped))).not.toBe(voteResultHash(readVote(one)))
  })

  it('the published result is identical whichever of two equal flats holds which (receipt, choice)', () => {
    const one = docWith([
      { id: 'b1', householdId: '1-1-0101', choice: 'agree', code: A, at: 1 },
      { id: 'b2', householdId: '1-1-0102', choice: 'oppose', code: B, at: 1 },
    ])
    const other = docWith([
      { id: 'b1', householdId: '1-1-0102', choice: 'agree', code: A, at: 1 },
      { id: 'b2', householdId: '1-1-0101', choice: 'oppose', code: B, at: 1 },
    ])
    // nothing on the notice (canonical result, hash) tells the two apart: no flat ↔ choice link
    expect(canonicalJson(canonicalResult(readVote(other)))).toBe(canonicalJson(canonicalResult(readVote(one))))
    const text = canonicalJson(canonicalResult(readVote(one)))
    expect(text).not.toMatch(/1-1-0101[^\]]*(agree|oppose)/)
  })

  it('property: the hash does not depend on the order ballots were recorded or merged', () => {
    const flats = ['1-1-0101', '1-1-0102', '1-2-0101', '2-1-0101', '9-9-0909']
    const ballot = fc.record({
      householdId: fc.constantFrom(...flats),
      choice: fc.constantFrom<Choice>('agree', 'oppose', 'abstain'),
      code: fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{12}$/),
    })
    fc.assert(
      fc.property(
        fc
          .uniqueArray(ballot, { maxLength: 8, selector: (b) => b.code })
          .chain((bs) =>
            fc.tuple(fc.constant(bs), fc.shuffledSubarray(bs, { minLength: bs.length, maxLength: bs.length })),
          ),
        ([bs, shuffled]) => {
          const withIds = (list: typeof bs) => list.map((b) => ({ ...b, id: `b_${b.code}`, at: 7 })) // one timestamp: order must come from nothing
          const one = docWith(withIds(bs))
          const two = docWith(withIds(shuffled))
          expect(voteResultHash(readVote(two))).toBe(voteResultHash(readVote(one)))
        },
      ),
      { numRuns: 60 },
    )
  })
})
