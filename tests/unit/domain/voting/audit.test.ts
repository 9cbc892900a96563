import { describe, expect, it } from 'vitest'
import { auditCsv, auditRows } from '../../../../src/domain/voting/audit'
import { closeVote, recordBallot, resolveConflict } from '../../../../src/domain/voting/commands'
import { readVote } from '../../../../src/domain/voting/read'
import { tallyVote } from '../../../../src/domain/voting/resolution'
import { CHAIR, HEAD, openedVote } from './fixtures'

const csv0 = (doc: Parameters<typeof readVote>[0]) => auditCsv(readVote(doc))

describe('audit log', () => {
  it('lists every ballot, resolution, create/open/close with who, when and device; CSV has a BOM', () => {
    const doc = openedVote('ordinary')
    recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'paper', paperSerial: '=1+1' }, { ...HEAD, name: '=HYPERLINK("x")' }, 10)
    recordBallot(doc, { householdId: '1-1-0101', choice: 'oppose', channel: 'tablet', voterName: '周勇', signature: 'M 1 1' }, CHAIR, 11)
    const g = tallyVote(readVote(doc), 'ordinary').groups[0]!
    resolveConflict(doc, g, g.ballots[1]!.id, '业主本人确认，"纸质票"误填', CHAIR, 12)
    closeVote(doc, CHAIR, 13)
    const rows = auditRows(readVote(doc))
    expect(rows.map((r) => r.kind)).toEqual(['create', 'open', 'ballot', 'ballot', 'resolution', 'close'])
    expect(csv0(doc)).toContain(`"'=HYPERLINK(""x"")"`) // no formula injection
    expect(rows[3]).toMatchObject({ by: 'u_chair', byName: '王主任' })
    expect(rows[2]).toMatchObject({ by: 'u_head', device: 'tablet-2', householdId: '1-1-0101', choice: 'agree', channel: 'paper' })
    expect(rows[2]!.detail).toContain('discarded-by=')
    expect(rows[5]!.detail).toMatch(/^sha256=[0-9a-f]{64}$/)
    const csv = auditCsv(readVote(doc))
    expect(csv.startsWith('\uFEFF时间 time,')).toBe(true)
    expect(csv).toContain('"keep=')
    expect(csv).toContain('""纸质票""')
    expect(csv).toContain('serial==1+1')
    expect(csv).not.toContain('M 1 1') // signatures are not exported
    expect(csv.split('\r\n')).toHaveLength(8)
  })
})
