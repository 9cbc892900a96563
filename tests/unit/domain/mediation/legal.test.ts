/**
 * Issue #16 (mediation): the Art. 33 window with China's holiday calendar, what the signatures
 * cover, the committee seal, oral agreements, Art. 29 warnings, reopen. Every expected date below
 * was worked out by hand from the State Council's notices (2025: 春节 1/28–2/4 off, 1/26 Sun and
 * 2/8 Sat worked; 国庆 10/1–10/8 off, 9/28 Sun and 10/11 Sat worked. 2026: 春节 2/15–2/23 off, 2/14
 * Sat and 2/28 Sat worked; 国庆 10/1–10/7 off, 9/20 Sun and 10/10 Sat worked).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { holidayCalendarKnown, isWorkingDay, periodEnd } from '../../../../src/domain/law/periods'
import {
  agreementEffect,
  agreementHash,
  confirmationDeadline,
  missingContents,
  requiredSigners,
  type AgreementText,
} from '../../../../src/domain/mediation/agreement'
import { readCase, viewCase } from '../../../../src/domain/mediation/caseRead'
import {
  closeCase,
  createCase,
  putParty,
  reopenCase,
  setAgreement,
  setLead,
  sign,
} from '../../../../src/domain/mediation/caseCommands'
import { expectRefused } from '../../../helpers/refusal'
import type { CaseId, Party, Signature } from '../../../../src/domain/mediation/schema'

describe('judicial confirmation window: effective day + 30, moved past holidays and rest days', () => {
  it.each([
    // [effective day, expected last day, why]
    ['2025-01-02', '2025-02-05', 'day 30 = Sat 2025-02-01 inside 春节 (1/28–2/4) → Wed 2/5'],
    ['2025-01-09', '2025-02-08', 'day 30 = Sat 2025-02-08 is a 调休 working Saturday → stays'],
    ['2024-12-28', '2025-01-27', 'day 30 = Mon 2025-01-27, an ordinary working day'],
    ['2024-12-27', '2025-01-26', 'day 30 = Sun 2025-01-26 is a 调休 working Sunday → stays'],
    ['2025-09-04', '2025-10-09', 'day 30 = Sat 2025-10-04 inside 国庆 (10/1–10/8) → Thu 10/9'],
    ['2025-09-08', '2025-10-09', 'day 30 = Wed 2025-10-08, last day of 国庆 → Thu 10/9'],
    ['2025-09-11', '2025-10-11', 'day 30 = Sat 2025-10-11 is a 调休 working Saturday → stays'],
    ['2026-01-16', '2026-02-24', 'day 30 = Sun 2026-02-15, first day of 春节 (2/15–2/23) → Tue 2/24'],
    ['2026-01-15', '2026-02-14', 'day 30 = Sat 2026-02-14 is a 调休 working Saturday → stays'],
    ['2026-01-29', '2026-02-28', 'day 30 = Sat 2026-02-28 is a 调休 working Saturday → stays'],
    ['2026-09-03', '2026-10-08', 'day 30 = Sat 2026-10-03 inside 国庆 (10/1–10/7) → Thu 10/8'],
    ['2026-09-10', '2026-10-10', 'day 30 = Sat 2026-10-10 is a 调休 working Saturday → stays'],
    ['2026-02-05', '2026-03-09', 'day 30 = Sat 2026-03-07, a plain weekend → Mon 3/9'],
  ])('effective %s → apply by %s (%s)', (effective, expected) => {
    expect(confirmationDeadline(effective)).toBe(expected)
  })

  it('says why the day moved', () => {
    expect(periodEnd('2026-02-15')).toEqual({
      day: '2026-02-24',
      nominal: '2026-02-15',
      movedBecause: 'holiday',
      holidayName: '春节',
      calendarKnown: true,
    })
    expect(periodEnd('2026-03-07')).toMatchObject({ day: '2026-03-09', movedBecause: 'rest-day', holidayName: null })
    expect(periodEnd('2026-02-28')).toMatchObject({ day: '2026-02-28', movedBecause: null })
  })

  it('working days: 调休 Saturdays work, holidays and plain weekends do not', () => {
    expect(isWorkingDay('2026-02-14')).toBe(true) // Saturday, 调休
    expect(isWorkingDay('2026-02-16')).toBe(false) // Monday, 春节
    expect(isWorkingDay('2026-03-07')).toBe(false) // Saturday
    expect(isWorkingDay('2026-03-09')).toBe(true) // Monday
  })

  it('a year without a published arrangement is flagged (weekends only)', () => {
    expect(holidayCalendarKnown('2026')).toBe(true)
    expect(holidayCalendarKnown('2099')).toBe(false)
    expect(periodEnd('2099-06-06')).toMatchObject({ day: '2099-06-08', calendarKnown: false }) // Sat → Mon
  })
})

const party = (id: string, over: Partial<Party> = {}): Party => ({
  id,
  name: id === 'p1' ? '王大爷' : '李先生',
  role: id === 'p1' ? 'applicant' : 'respondent',
  phone: '13912345678',
  idNumber: '410102195001011234',
  relationship: '',
  address: '3-1-402',
  ...over,
})
const written: AgreementText = {
  kind: 'written',
  facts: '楼上夜间噪音',
  issues: '噪音',
  responsibility: '李先生',
  oralRecord: '',
  terms: [{ id: 't1', party: 'p2', text: '晚十点后保持安静', how: '自行遵守', due: { kind: 'days', days: 7 } }],
}
const sig = (signer: string, iso: string, text: AgreementText, parties: Party[]): Signature => ({
  signer,
  name: signer,
  kind: signer.startsWith('mediator:') ? 'mediator' : signer.startsWith('seal:') ? 'seal' : 'party',
  method: signer.startsWith('seal:') ? 'seal' : 'handwriting',
  path: '',
  at: Date.parse(iso),
  textHash: agreementHash(text, parties),
})

describe('what the signatures cover', () => {
  const parties = [party('p1'), party('p2')]
  const req = requiredSigners(parties, { userId: 'u-med', name: '调解员' })
  const all = (text = written, ps = parties) => req.map((r) => sig(r.signer, '2026-03-02T02:00:00Z', text, ps))

  it('a written agreement needs every party, the mediator AND the committee seal', () => {
    expect(req.map((r) => r.signer)).toEqual(['p1', 'p2', 'mediator:u-med', 'seal:committee'])
    const noSeal = all().filter((s) => s.kind !== 'seal')
    expect(agreementEffect(written, noSeal, req, parties).effective).toBe(false)
    const e = agreementEffect(written, all(), req, parties)
    expect(e).toMatchObject({ effective: true, effectiveDay: '2026-03-02', confirmationDeadline: '2026-04-01' })
  })
  it('the seal recorded last sets the effective day', () => {
    const sigs = all().map((s) => (s.kind === 'seal' ? { ...s, at: Date.parse('2026-03-05T02:00:00Z') } : s))
    expect(agreementEffect(written, sigs, req, parties).effectiveDay).toBe('2026-03-05')
  })
  it.each([
    ['name', { name: '王大爷（改）' }],
    ['ID number', { idNumber: '410102195001019999' }],
    ['address', { address: '3-1-401' }],
  ])('changing a party’s %s after signing voids every signature', (_what, change) => {
    const edited = [party('p1', change), party('p2')]
    const e = agreementEffect(written, all(), req, edited)
    expect(e.effective).toBe(false)
    expect(e.valid.size).toBe(0)
  })
  it('a phone number is not part of the signed text', () => {
    const edited = [party('p1', { phone: '13700000000' }), party('p2')]
    expect(agreementEffect(written, all(), req, edited).effective).toBe(true)
  })
  it('an oral agreement (Art. 30) takes effect when the mediator records it — no party signatures', () => {
    const oral: AgreementText = { ...written, kind: 'oral', oralRecord: '双方当场口头达成：李先生道歉' }
    const oralReq = requiredSigners(parties, { userId: 'u-med', name: '调解员' }, 'oral')
    expect(oralReq.map((r) => r.signer)).toEqual(['mediator:u-med'])
    const e = agreementEffect(oral, [sig('mediator:u-med', '2026-01-16T03:00:00Z', oral, parties)], oralReq, parties)
    expect(e).toMatchObject({ effective: true, effectiveDay: '2026-01-16', confirmationDeadline: '2026-02-24' })
  })
  it('missing Art. 29 contents are listed (a warning), and signing still works', () => {
    expect(missingContents(written)).toEqual([])
    const thin: AgreementText = { ...written, facts: ' ', issues: '', terms: [{ ...written.terms[0]!, how: '' }] }
    expect(missingContents(thin)).toEqual(['facts', 'issues', 'how'])
    expect(missingContents({ ...written, terms: [] })).toEqual(['terms'])
    expect(missingContents({ ...thin, kind: 'oral' })).toEqual([])
    expect(agreementEffect(thin, all(thin), req, parties).effective).toBe(true)
  })
})

function agreedCase(): Y.Doc {
  const doc = new Y.Doc()
  createCase(
    doc,
    'c1',
    'k1' as CaseId,
    {
      type: 'noise',
      urgency: 'normal',
      place: { building: '3', flat: '502', text: '', grid: '' },
      description: '噪音',
      reportedAt: Date.parse('2026-03-01T02:00:00Z'),
      arrivedAt: null,
      parties: [party('p1'), party('p2')],
    },
    { userId: 'u-med', name: '调解员' },
    () => Date.parse('2026-03-01T02:00:00Z'),
  )
  setLead(doc, 'u-med', '调解员')
  setAgreement(doc, written, 'u-med', Date.parse('2026-03-01T03:00:00Z'))
  const ps = readCase(doc).parties
  for (const r of requiredSigners(ps, { userId: 'u-med', name: '调解员' }))
    sign(doc, sig(r.signer, '2026-03-02T02:00:00Z', written, ps))
  return doc
}

describe('case status follows the signed text', () => {
  it('editing the agreement after it took effect moves the case from 已达成 back to mediating', () => {
    const doc = agreedCase()
    expect(readCase(doc).meta!.status).toBe('agreed')
    setAgreement(doc, { ...written, facts: '楼上夜间噪音（补充）' }, 'u-med', Date.parse('2026-03-03T02:00:00Z'))
    const s = readCase(doc)
    expect(s.meta!.status).toBe('mediating')
    expect(s.events.at(-1)).toMatchObject({ kind: 'status', by: 'u-med' })
    expect(viewCase(s, '2026-03-03').effect.effective).toBe(false)
  })
  it('saving the same text keeps it agreed', () => {
    const doc = agreedCase()
    setAgreement(doc, written, 'u-med', Date.parse('2026-03-03T02:00:00Z'))
    expect(readCase(doc).meta!.status).toBe('agreed')
  })
  it('changing a party’s ID number after signing also moves it back', () => {
    const doc = agreedCase()
    putParty(doc, party('p2', { idNumber: '410102198001010000' }), 'u-med', Date.parse('2026-03-03T02:00:00Z'))
    expect(readCase(doc).meta!.status).toBe('mediating')
  })
  it('only a closed case can be reopened', () => {
    const doc = agreedCase()
    const clock = () => Date.parse('2026-03-04T02:00:00Z')
    expectRefused(doc, () => reopenCase(doc, '又吵起来了', 'u-med', clock), 'case.not_closed')
    expect(readCase(doc).meta!.status).toBe('agreed')
    expectRefused(doc, () => closeCase(doc, '结案', 'u-med', clock), 'case.not_closable') // terms not performed
  })
})
