/** The one CSV writer (src/domain/csv.ts) and the exports that use it (issue #16 item 9). */
import { describe, expect, it } from 'vitest'
import { csvCell, csvText } from '../../../src/domain/csv'
import { csvCell as canvassCell } from '../../../src/domain/canvass/csv'
import { statsCsv } from '../../../src/domain/mediation/stats'
import { toCsv } from '../../../src/domain/grid/exports'
import { auditCsv } from '../../../src/domain/voting/audit'
import { recordBallot } from '../../../src/domain/voting/commands'
import { readVote } from '../../../src/domain/voting/read'
import { HEAD, openedVote } from './voting/fixtures'

describe('csvCell', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+86 139', "'+86 139"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', '"\'\r=1+1"'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['周勇', '周勇'],
    ['', ''],
  ])('%j → %j', (input, out) => {
    expect(csvCell(input)).toBe(out)
  })
  it('writes numbers as numbers (a negative number is data, not a formula) and null as empty', () => {
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(82.5)).toBe('82.5')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
  })
  it('a file is BOM + rows joined by CRLF, with a final CRLF', () => {
    expect(
      csvText([
        ['a', 'b'],
        [1, '=x'],
      ]),
    ).toBe("\uFEFFa,b\r\n1,'=x\r\n")
  })
})

describe('every export goes through it', () => {
  it('vote audit: a name starting with TAB or CR is escaped (it was not before)', () => {
    const doc = openedVote('ordinary')
    recordBallot(doc, { householdId: '1-1-0101', choice: 'agree', channel: 'self' }, { ...HEAD, name: '\t=1+1' }, 10)
    recordBallot(doc, { householdId: '1-1-0102', choice: 'agree', channel: 'self' }, { ...HEAD, name: '\r=2+2' }, 11)
    const csv = auditCsv(readVote(doc))
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv).toContain(",'\t=1+1,")
    expect(csv).toContain(',"\'\r=2+2",')
    expect(csv.endsWith('\r\n')).toBe(true)
  })
  it('mediation statistics: formula labels are escaped (there was no escaping at all)', () => {
    const csv = statsCsv(
      {
        month: '2026-11',
        total: 0,
        byType: {},
        byStatus: {},
        successRate: null,
        avgResponseMinutes: null,
        followUpsOnTime: 0,
        followUpsDue: 0,
      } as never,
      [],
      { type: (t) => `=${t}`, status: (s) => s, header: ['@id'], figures: { month: '+月份' } },
    )
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv).toContain("'+月份,2026-11\r\n")
    expect(csv).toContain("'=noise,")
    expect(csv).toContain("'@id")
    expect(csv).not.toMatch(/(^|\r\n|,)[=+@]/)
  })
  it('grid exports and the canvass summary use the same cells', () => {
    expect(toCsv(['h'], [['\t=x', -1]])).toBe("\uFEFFh\r\n'\t=x,-1\r\n")
    expect(canvassCell).toBe(csvCell) // the canvass module re-exports the shared writer
  })
})
