import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { closeVote, createVote, openVote, recordBallot, resolveConflict } from '../../../../src/domain/voting/commands'
import { readVote } from '../../../../src/domain/voting/read'
import { readSignatures, signaturesFor } from '../../../../src/domain/voting/signatures'
import { effectiveBallots, tallyVote } from '../../../../src/domain/voting/resolution'
import { tally } from '../../../../src/domain/voting/tally'
import { CHAIR, HEAD, ROLL, household, openedVote } from './fixtures'
import { expectRefused } from '../../../helpers/refusal'

const sig = 'M 10 10 L 20 20'

describe('frozen roll', () => {
  it('copies the roll (ids, owners, areas, no names or phones) when the vote opens', () => {
    const doc = openedVote()
    const snap = readVote(doc)
    expect(snap.meta?.status).toBe('open')
    expect(snap.roll).toEqual([
      { householdId: '1-1-0101', ownerId: 'P1', areaM2: '100.00', building: '1', unit: '1', flat: '0101', floor: 1 },
      { householdId: '1-1-0102', ownerId: 'P2', areaM2: '100.00', building: '1', unit: '1', flat: '0102', floor: 1 },
      { householdId: '1-2-0101', ownerId: 'P3', areaM2: '50.00', building: '1', unit: '2', flat: '0101', floor: 1 },
      { householdId: '2-1-0101', ownerId: 'P3', areaM2: '50.00', building: '2', unit: '1', flat: '0101', floor: 1 },
    ])
    expect(JSON.stringify(doc.getMap('frozenRoll').toJSON())).not.toMatch(/业主|139/)
  })

  it('later roll changes (re-import, sale of a flat) do not change the vote', () => {
    const roll = ROLL.map((h) => ({ ...h }))
    const doc = openedVote('special', roll)
    roll[0]!.ownerId = 'P9' // flat sold during the vote
    roll.push(household('3-1-0101', 'P10', 9999))
    expect(openVote(doc, roll, CHAIR)).toEqual({ ok: false, code: 'vote.not_draft' })
    const snap = readVote(doc)
    expect(snap.roll).toHaveLength(4)
    expect(snap.roll[0]!.ownerId).toBe('P1')
  })

  it('refuses to open with an empty roll, and ballots before opening', () => {
    const doc = new Y.Doc()
    createVote(
      doc,
      { councilId: 'c1', voteId: 'v1', title: 't', question: '', matter: 'ordinary', opensAt: '', closesAt: '' },
      CHAIR,
    )
    expect(
      recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'paper', paperSerial: '001' }, HEAD).ok,
    ).toBe(false)
    expect(openVote(doc, [], CHAIR)).toEqual({ ok: false, code: 'vote.empty_roll' })
  })
})

describe('ballots', () => {
  it('are appended with who/when/device; channels need their evidence', () => {
    const doc = openedVote()
    const sigDoc = new Y.Doc()
    const docs = { vote: doc, signatures: sigDoc }
    expect(
      recordBallot(docs, { householdId: '1-1-0101', choice: 'agree', channel: 'tablet', voterName: '周勇' }, HEAD, 5),
    ).toMatchObject({ ok: false, code: 'ballot.invalid' })
    expect(recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'paper' }, HEAD, 5)).toMatchObject({
      ok: false,
      code: 'ballot.invalid',
    })
    expect(recordBallot(doc, { householdId: '9-9-0909', choice: 'agree', channel: 'self' }, HEAD, 5)).toMatchObject({
      ok: false,
      code: 'ballot.unknown_household',
    })
    // a tablet ballot needs the votesig doc: without it nothing is written
    expect(
      recordBallot(
        doc,
        { householdId: '1-1-0101', choice: 'agree', channel: 'tablet', voterName: '周勇', signature: sig },
        HEAD,
        5,
      ),
    ).toEqual({ ok: false, code: 'ballot.no_signature_doc' })
    expect(readVote(doc).ballots).toHaveLength(0)
    const r = recordBallot(
      docs,
      { householdId: '1-1-0101', choice: 'agree', channel: 'tablet', voterName: ' 周勇 ', signature: sig },
      HEAD,
      5,
    )
    expect(r.ok).toBe(true)
    const [b] = readVote(doc).ballots
    expect(b).toEqual({
      id: r.ok && r.value.id,
      householdId: '1-1-0101',
      choice: 'agree',
      channel: 'tablet',
      recordedBy: 'u_head',
      recordedByName: '孙楼长',
      device: 'tablet-2',
      at: 5,
      signed: true,
      receipt: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    // the vote doc (readable by residents) holds no name or signature; the votesig doc does, under the ballot id
    expect(JSON.stringify(doc.getMap('ballots').toJSON())).not.toMatch(/周勇|M 10 10/)
    expect([...readSignatures(sigDoc)]).toEqual([
      [b!.id, { householdId: '1-1-0101', voterName: '周勇', signature: sig, recordedBy: 'u_head', at: 5 }],
    ])
  })

  it('version 1 ballots with names and signatures are read without them (names only via signaturesFor)', () => {
    const doc = openedVote()
    const legacy = {
      householdId: '1-1-0102',
      choice: 'oppose',
      channel: 'tablet',
      recordedBy: 'u_head',
      at: 7,
      voterName: '马国',
      signature: sig,
    }
    doc.getMap('ballots').set('b_old', legacy)
    const snap = readVote(doc)
    expect(snap.invalid).toEqual([])
    expect(snap.ballots).toEqual([
      {
        id: 'b_old',
        householdId: '1-1-0102',
        choice: 'oppose',
        channel: 'tablet',
        recordedBy: 'u_head',
        at: 7,
        signed: true,
      },
    ])
    expect(JSON.stringify(snap)).not.toMatch(/马国|M 10 10/)
    expect(signaturesFor(doc, null).get('b_old')).toEqual({
      householdId: '1-1-0102',
      voterName: '马国',
      signature: sig,
      recordedBy: 'u_head',
      at: 7,
    })
  })

  it('new votes are schema version 2 (version 1 clients refuse to write them, so they never add names to ballots)', () => {
    expect(readVote(openedVote()).meta?.schemaVersion).toBe(2)
  })

  it('are refused after close', () => {
    const doc = openedVote()
    expect(closeVote(doc, CHAIR, 9).ok).toBe(true)
    expect(recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'self' }, HEAD)).toEqual({
      ok: false,
      code: 'vote.not_open',
    })
    expect(readVote(doc).events.map((e) => e.type)).toEqual(['create', 'open', 'close'])
  })
})

describe('refusals are Results that write nothing', () => {
  const draft = () => {
    const doc = new Y.Doc()
    const meta = { councilId: 'c1', voteId: 'v1', title: 't', question: 'q', matter: 'ordinary' as const }
    createVote(doc, { ...meta, opensAt: '2025-05-01T08:00', closesAt: '2025-05-10T18:00' }, CHAIR, 1)
    return doc
  }
  it('draft and open state', () => {
    const d = draft()
    const meta = { councilId: 'c1', title: 't', question: 'q', matter: 'ordinary' as const, opensAt: '', closesAt: '' }
    expectRefused(d, () => createVote(d, meta, CHAIR), 'vote.not_draft')
    expectRefused(d, () => openVote(d, [], CHAIR), 'vote.empty_roll')
    expectRefused(d, () => closeVote(d, CHAIR), 'vote.not_open')
    expectRefused(new Y.Doc(), () => createVote(new Y.Doc(), { ...meta, title: ' ' }, CHAIR), 'vote.invalid')
    const open = openedVote()
    expectRefused(open, () => openVote(open, ROLL, CHAIR), 'vote.not_draft')
  })
  it('ballots and resolutions', () => {
    const doc = openedVote()
    const sigDoc = new Y.Doc()
    const docs = { vote: doc, signatures: sigDoc }
    const ballot = (householdId: string) => ({ householdId, choice: 'agree' as const, channel: 'self' as const })
    expectRefused([doc, sigDoc], () => recordBallot(docs, ballot('9-9-0909'), HEAD), 'ballot.unknown_household')
    const noSig = { ...ballot('1-1-0101'), channel: 'tablet' as const, voterName: '周勇' }
    expectRefused([doc, sigDoc], () => recordBallot(docs, noSig, HEAD), 'ballot.invalid')
    expectRefused(doc, () => recordBallot(doc, { ...noSig, signature: sig }, HEAD), 'ballot.no_signature_doc')
    recordBallot(doc, ballot('1-2-0101'), HEAD, 5)
    recordBallot(doc, { ...ballot('2-1-0101'), choice: 'oppose' }, HEAD, 6) // same owner P3: a conflict
    const g = tallyVote(readVote(doc), 'ordinary').groups[0]!
    expectRefused(doc, () => resolveConflict(doc, g, 'no-such-ballot', '核实', CHAIR), 'resolution.not_in_group')
    expectRefused(doc, () => resolveConflict(doc, g, g.ballots[0]!.id, ' ', CHAIR), 'resolution.invalid')
    expectRefused(doc, () => closeVote(doc, CHAIR), 'vote.open_conflicts')
    expect(closeVote(doc, CHAIR)).toMatchObject({ detail: '1-2-0101 2-1-0101' })
  })
  it('a doc written by a newer app version is not written by this one', () => {
    const doc = openedVote()
    doc.getMap('meta').set('schemaVersion', 99)
    const b = { householdId: '1-1-0101', choice: 'agree' as const, channel: 'self' as const }
    expectRefused(doc, () => recordBallot(doc, b, HEAD), 'vote.newer_schema')
    expectRefused(doc, () => closeVote(doc, CHAIR), 'vote.newer_schema')
  })
})

describe('conflict resolution', () => {
  it('a household with two different ballots counts for neither side until resolved; the kept ballot then counts', () => {
    const doc = openedVote('ordinary')
    recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'paper', paperSerial: 'A-001' }, HEAD, 10)
    recordBallot(
      { vote: doc, signatures: new Y.Doc() },
      { householdId: '1-1-0101', choice: 'oppose', channel: 'tablet', voterName: '周勇', signature: sig },
      CHAIR,
      11,
    )
    recordBallot(doc, { householdId: '1-1-0102', choice: 'agree', channel: 'self' }, HEAD, 12)
    recordBallot(doc, { householdId: '1-1-0102', choice: 'agree', channel: 'paper', paperSerial: 'A-002' }, HEAD, 13) // same choice: counts once
    const before = tallyVote(readVote(doc), 'ordinary')
    expect(before.result.conflicts).toEqual(['1-1-0101'])
    expect(before.result.provisional).toBe(true)
    expect(before.result.participatingHeads).toBe(1)
    expect(before.groups).toHaveLength(1)
    const group = before.groups[0]!
    expect(group.choices.sort()).toEqual(['agree', 'oppose'])

    const keep = group.ballots.find((b) => b.choice === 'oppose')!
    expect(resolveConflict(doc, group, keep.id, '', CHAIR).ok).toBe(false) // a reason is required
    expect(resolveConflict(doc, group, 'nope', '入户核实', CHAIR)).toEqual({
      ok: false,
      code: 'resolution.not_in_group',
    })
    expect(resolveConflict(doc, group, keep.id, '入户核实：业主本人确认反对', CHAIR, 20).ok).toBe(true)

    const snap = readVote(doc)
    expect(snap.ballots).toHaveLength(4) // nothing deleted
    expect(snap.resolutions[0]).toMatchObject({
      householdIds: ['1-1-0101'],
      keepBallotId: keep.id,
      reason: '入户核实：业主本人确认反对',
      resolvedBy: 'u_chair',
      at: 20,
    })
    const after = tallyVote(snap, 'ordinary')
    expect(after.result.conflicts).toEqual([])
    expect(after.result.provisional).toBe(false)
    // The resolved result is exactly tally() over the ballots minus the losing one.
    const losing = group.ballots.find((b) => b.choice === 'agree')!.id
    const expected = tally(
      snap.roll.map((f) => ({ householdId: f.householdId, ownerId: f.ownerId, areaM2: f.areaM2 })),
      snap.ballots.filter((b) => b.id !== losing).map((b) => ({ householdId: b.householdId, choice: b.choice })),
      'ordinary',
    )
    expect(after.result).toEqual(expected)
    expect(after.result).toMatchObject({
      participatingHeads: 2,
      agreeHeads: 1,
      participatingArea: '200.00',
      agreeArea: '100.00',
    })
  })

  it("an owner whose flats disagree is one group; keeping one choice discards the other flats' contrary ballots", () => {
    const doc = openedVote('ordinary')
    recordBallot(doc, { householdId: '1-2-0101', choice: 'agree', channel: 'self' }, HEAD, 10)
    recordBallot(doc, { householdId: '2-1-0101', choice: 'oppose', channel: 'self' }, HEAD, 11)
    const t = tallyVote(readVote(doc), 'ordinary')
    expect(t.result.conflicts).toEqual(['1-2-0101', '2-1-0101'])
    expect(t.groups.map((g) => [g.ownerId, g.householdIds])).toEqual([['P3', ['1-2-0101', '2-1-0101']]])
    const keep = t.groups[0]!.ballots[0]!
    resolveConflict(doc, t.groups[0]!, keep.id, '业主电话确认同意', CHAIR, 12)
    const after = tallyVote(readVote(doc), 'ordinary')
    expect(after.result.conflicts).toEqual([])
    // Every flat of the owner counts with the kept choice (docs/schema.md): 50 + 50 m², one head.
    expect(after.result).toMatchObject({
      participatingHeads: 1,
      participatingArea: '100.00',
      agreeHeads: 1,
      agreeArea: '100.00',
    })
  })

  it('a ballot arriving after a resolution with yet another choice is a new conflict', () => {
    const doc = openedVote('ordinary')
    recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'self' }, HEAD, 10)
    recordBallot(doc, { householdId: '1-1-0101', choice: 'oppose', channel: 'self' }, HEAD, 11)
    const g = tallyVote(readVote(doc), 'ordinary').groups[0]!
    resolveConflict(doc, g, g.ballots[0]!.id, '核实', CHAIR, 12)
    expect(tallyVote(readVote(doc), 'ordinary').result.conflicts).toEqual([])
    recordBallot(doc, { householdId: '1-1-0101', choice: 'abstain', channel: 'paper', paperSerial: '7' }, HEAD, 13)
    const snap = readVote(doc)
    expect(effectiveBallots(snap.ballots, snap.resolutions)).toHaveLength(2)
    expect(tallyVote(snap, 'ordinary').result.conflicts).toEqual(['1-1-0101'])
  })

  it('two offline tablets recording the same household merge into a visible conflict (nothing overwritten)', () => {
    const base = openedVote('special')
    const a = new Y.Doc()
    const b = new Y.Doc()
    Y.applyUpdate(a, Y.encodeStateAsUpdate(base))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(base))
    recordBallot(
      { vote: a, signatures: new Y.Doc() },
      { householdId: '1-1-0102', choice: 'agree', channel: 'tablet', voterName: '马国', signature: sig },
      HEAD,
      30,
    )
    recordBallot(b, { householdId: '1-1-0102', choice: 'oppose', channel: 'paper', paperSerial: 'B-17' }, CHAIR, 31)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readVote(a).ballots).toHaveLength(2)
    expect(tallyVote(readVote(a), 'special').result.conflicts).toEqual(['1-1-0102'])
    expect(readVote(b)).toEqual(readVote(a))
  })
})

describe('tally fast area path', () => {
  it('"82.50" and other spellings of the same area give the same result', () => {
    const roll = (f: (c: number) => string) =>
      [1, 8250, 999_999_999, 123_400].map((c, i) => ({ householdId: `h${i}`, ownerId: `o${i % 3}`, areaM2: f(c) }))
    const canonical = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`
    const other = (c: number) => ` 00${Math.floor(c / 100)}${c % 100 ? `.${String(c % 100).padStart(2, '0')}` : ''} `
    const ballots = [
      { householdId: 'h0', choice: 'agree' as const },
      { householdId: 'h2', choice: 'oppose' as const },
    ]
    expect(tally(roll(canonical), ballots, 'special')).toEqual(tally(roll(other), ballots, 'special'))
    expect(tally(roll(canonical), ballots, 'special').totalArea).toBe('10001316.50')
  })
})
