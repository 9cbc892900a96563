import { describe, expect, it } from 'vitest'
import { auditCsv, auditRows } from '../../../../src/domain/voting/audit'
import { closeVote, recordBallot, resolveConflict } from '../../../../src/domain/voting/commands'
import { readVote } from '../../../../src/domain/voting/read'
import { signaturesFor } from '../../../../src/domain/voting/signatures'
import * as Y from 'yjs'
import { tallyVote } from '../../../../src/domain/voting/resolution'
import { CHAIR, HEAD, openedVote } from './fixtures'

const csv0 = (doc: Parameters<typeof readVote>[0]) => auditCsv(readVote(doc))

describe('audit log', () => {
  it('lists every ballot, resolution, create/open/close with who, when and device; CSV has a BOM', () => {
    const doc = openedVote('ordinary')
    const sigDoc = new Y.Doc()
    recordBallot(
      doc,
      { householdId: '1-1-0101', choice: 'agree', channel: 'paper', paperSerial: '=1+1' },
      { ...HEAD, name: '=HYPERLINK("x")' },
      10,
    )
    recordBallot(
      { vote: doc, signatures: sigDoc },
      { householdId: '1-1-0101', choice: 'oppose', channel: 'tablet', voterName: '周勇', signature: 'M 1 1' },
      CHAIR,
      11,
    )
    const g = tallyVote(readVote(doc), 'ordinary').groups[0]!
    resolveConflict(doc, g, g.ballots[1]!.id, '业主本人确认，"纸质票"误填', CHAIR, 12)
    closeVote(doc, CHAIR, 13)
    const rows = auditRows(readVote(doc))
    expect(rows.map((r) => r.kind)).toEqual(['create', 'open', 'ballot', 'ballot', 'resolution', 'close'])
    expect(csv0(doc)).toContain(`"'=HYPERLINK(""x"")"`) // no formula injection
    expect(rows[3]).toMatchObject({ by: 'u_chair', byName: '王主任' })
    expect(rows[2]).toMatchObject({
      by: 'u_head',
      device: 'tablet-2',
      householdId: '1-1-0101',
      choice: 'agree',
      channel: 'paper',
    })
    expect(rows[2]!.detail).toContain('discarded-by=')
    expect(rows[5]!.detail).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(rows[3]!.detail).toBe('signed') // without the votesig doc: no name
    const csv = auditCsv(readVote(doc), signaturesFor(doc, sigDoc))
    expect(csv).toContain('投票人：周勇；已签名')
    expect(csv0(doc)).not.toContain('周勇')
    expect(csv.startsWith('\uFEFF序号,时间,类型,')).toBe(true)
    expect(csv).toMatch(/保留第\d+条/)
    expect(csv).toContain('""纸质票""')
    expect(csv).toContain('纸质选票编号：=1+1')
    expect(csv).not.toContain('M 1 1') // signatures are not exported
    expect(csv.split('\r\n')).toHaveLength(8)
  })

  it('a signature entry that does not match its ballot (household or recorder) is flagged, its name not used', () => {
    const doc = openedVote('ordinary')
    const sigDoc = new Y.Doc()
    const r = recordBallot(
      { vote: doc, signatures: sigDoc },
      { householdId: '1-1-0101', choice: 'agree', channel: 'tablet', voterName: '周勇', signature: 'M 1 1' },
      HEAD,
      10,
    )
    if (!r.ok) throw new Error(r.code)
    const sigs = signaturesFor(doc, sigDoc)
    sigs.set(r.value.id, { ...sigs.get(r.value.id)!, householdId: '1-1-0102', voterName: '冒名' })
    const row = auditRows(readVote(doc), sigs).find((x) => x.kind === 'ballot')!
    expect(row.detail).toBe('signed; signature-mismatch')
  })

  it('version 1 ballots: names come from the ballot only through signaturesFor (council roles)', () => {
    const doc = openedVote('ordinary')
    doc.getMap('ballots').set('b_old', {
      householdId: '1-1-0102',
      choice: 'agree',
      channel: 'tablet',
      recordedBy: 'u_head',
      at: 5,
      voterName: '马国',
      signature: 'M 2 2',
    })
    expect(auditCsv(readVote(doc))).not.toContain('马国')
    expect(auditCsv(readVote(doc), signaturesFor(doc, null))).toContain('投票人：马国；已签名')
  })
})
