import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canonicalJson, canonicalResult, resultHash, voteResultHash } from '../../../../src/domain/voting/canonical'
import { closeVote, recordBallot } from '../../../../src/domain/voting/commands'
import { readVote } from '../../../../src/domain/voting/read'
import { sha256Hex } from '../../../../src/domain/crypto/sha256'
import { CHAIR, HEAD, openedVote } from './fixtures'

describe('sha256', () => {
  it('matches node:crypto for any text (incl. Chinese and block boundaries)', () => {
    for (const s of ['', 'abc', '邮政小区', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000)]) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'))
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'))
      }),
    )
  })
})

describe('canonical JSON', () => {
  it('sorts keys, drops undefined, has no whitespace, refuses floats', () => {
    expect(canonicalJson({ b: 1, a: [true, null, '中'], c: undefined })).toBe('{"a":[true,null,"中"],"b":1}')
    expect(() => canonicalJson({ x: 0.5 })).toThrow()
  })
})

function votedDoc(): Y.Doc {
  const doc = openedVote('special')
  recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'paper', paperSerial: '001' }, HEAD, 10)
  recordBallot(doc, { householdId: '1-1-0102', choice: 'agree', channel: 'self' }, HEAD, 11)
  recordBallot(doc, { householdId: '1-2-0101', choice: 'oppose', channel: 'self' }, HEAD, 12)
  return doc
}

describe('canonical result and hash', () => {
  it('holds the figures, the rule, voted flats (id + area only) — no names, choices per flat or signatures', () => {
    const r = canonicalResult(readVote(votedDoc()))!
    expect(r).toMatchObject({
      format: 'yishi.vote-result/2',
      councilId: 'c1',
      voteId: 'v1',
      matter: 'special',
      rule: { participation: 'at-least-2/3', approval: 'at-least-3/4' },
      status: 'open',
      flats: 4,
      voted: [
        ['1-1-0101', '100.00'],
        ['1-1-0102', '100.00'],
        ['1-2-0101', '50.00'],
      ],
      ballots: { recorded: 3, counted: 3, discarded: 0 },
    })
    expect(r.tally).toMatchObject({
      totalHeads: 3,
      participatingHeads: 3,
      agreeHeads: 2,
      participatingArea: '250.00',
      passed: false,
    })
    expect(canonicalJson(r)).not.toMatch(/业主|signature|paperSerial/)
    // choices appear only per receipt hash, never next to a flat
    expect(r.receipts.map(([, s]) => s).sort()).toEqual(['agree', 'agree', 'oppose'])
    for (const [digest] of r.receipts) expect(digest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('is stable: same doc state → same hash, whatever order the updates arrived in', () => {
    const doc = votedDoc()
    const copy = new Y.Doc()
    const updates: Uint8Array[] = []
    const d2 = openedVote('special')
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(d2))
    updates.push(Y.encodeStateAsUpdate(doc))
    for (const u of updates.reverse()) Y.applyUpdate(copy, u)
    expect(voteResultHash(readVote(copy))).toBe(voteResultHash(readVote(doc)))
    expect(voteResultHash(readVote(doc))).toMatch(/^[0-9a-f]{64}$/)
  })

  it('changes when a ballot, the status or a resolution changes', () => {
    const doc = votedDoc()
    const h1 = voteResultHash(readVote(doc))
    recordBallot(doc, { householdId: '2-1-0101', choice: 'oppose', channel: 'self' }, HEAD, 13)
    const h2 = voteResultHash(readVote(doc))
    expect(h2).not.toBe(h1)
    closeVote(doc, CHAIR, 99)
    const h3 = voteResultHash(readVote(doc))
    expect(h3).not.toBe(h2)
    const r = canonicalResult(readVote(doc))!
    expect(resultHash(r)).toBe(sha256Hex(canonicalJson(r)))
    expect(r.closedAt).toBe(99)
  })
})
