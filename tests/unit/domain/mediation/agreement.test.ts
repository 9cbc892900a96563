import { describe, expect, it } from 'vitest'
import {
  agreementEffect,
  agreementHash,
  confirmationDaysLeft,
  requiredSigners,
  termDueDay,
  termStatuses,
  type AgreementText,
} from '../../../../src/domain/mediation/agreement'
import type { Party, Signature, Term } from '../../../../src/domain/mediation/schema'

const party = (id: string, name: string): Party => ({
  id,
  name,
  role: 'applicant',
  phone: '',
  idNumber: '',
  relationship: '',
  address: '',
})
const parties = [party('p1', '王某'), party('p2', '李某')]
const terms: Term[] = [
  { id: 't1', party: 'p2', text: '赔礼道歉', how: '当面', due: { kind: 'on-signing' } },
  { id: 't2', party: 'p2', text: '晚十点后不再大声喧哗', how: '自行遵守', due: { kind: 'days', days: 7 } },
  { id: 't3', party: 'p1', text: '赔偿门锁', how: '现金 300 元', due: { kind: 'date', day: '2025-02-10' } },
]
const text: AgreementText = {
  kind: 'written',
  facts: '噪音纠纷',
  issues: '噪音',
  responsibility: '李某负主要责任',
  terms,
  oralRecord: '',
}
const required = requiredSigners(parties, { userId: 'u-med', name: '调解员' })
const sig = (signer: string, iso: string, t = text): Signature => ({
  signer,
  name: signer,
  kind: signer.startsWith('mediator:') ? 'mediator' : signer.startsWith('seal:') ? 'seal' : 'party',
  method: signer.startsWith('seal:') ? 'seal' : 'handwriting',
  path: signer.startsWith('seal:') ? '' : 'M0 0 L1 1',
  at: Date.parse(iso),
  textHash: agreementHash(t, parties),
})

describe('agreement effect (Art. 29) and judicial confirmation window (Art. 33)', () => {
  it('is not in effect until every party and the mediator signed', () => {
    const e = agreementEffect(
      text,
      [sig('p1', '2025-01-30T02:00:00Z'), sig('p2', '2025-01-30T02:05:00Z')],
      required,
      parties,
    )
    expect(e.effective).toBe(false)
    expect(e.missing.map((m) => m.signer)).toEqual(['mediator:u-med', 'seal:committee'])
  })
  it('effective day = day of the LAST signature (Shanghai), window ends 30 days later', () => {
    // the mediator signs last, at 00:30 on 1 Feb in Shanghai (still 31 Jan in UTC)
    const e = agreementEffect(
      text,
      [
        sig('mediator:u-med', '2025-01-31T16:30:00Z'),
        sig('seal:committee', '2025-01-31T16:20:00Z'),
        sig('p1', '2025-01-30T02:00:00Z'),
        sig('p2', '2025-01-31T03:00:00Z'),
      ],
      required,
      parties,
    )
    expect(e.effective).toBe(true)
    expect(e.effectiveDay).toBe('2025-02-01')
    expect(e.confirmationDeadline).toBe('2025-03-03')
    expect(confirmationDaysLeft('2025-02-01', '2025-03-03')).toBe(0)
    expect(confirmationDaysLeft('2025-02-01', '2025-03-04')).toBe(-1)
  })
  it('window across a leap February', () => {
    const e = agreementEffect(
      text,
      required.map((r) => sig(r.signer, '2024-02-10T04:00:00Z')),
      required,
      parties,
    )
    expect(e.confirmationDeadline).toBe('2024-03-11')
  })
  it('editing the text voids earlier signatures', () => {
    const sigs = required.map((r) => sig(r.signer, '2025-01-30T02:00:00Z'))
    const edited = { ...text, facts: '噪音纠纷（补充）' }
    const e = agreementEffect(edited, sigs, required, parties)
    expect(e.effective).toBe(false)
    expect(e.valid.size).toBe(0)
  })
  it('no mediator, no effect', () => {
    const onlyParties = requiredSigners(parties, null)
    expect(
      agreementEffect(
        text,
        onlyParties.map((r) => sig(r.signer, '2025-01-30T02:00:00Z')),
        onlyParties,
        parties,
      ).effective,
    ).toBe(false)
  })
})

describe('term deadlines', () => {
  it('relative, fixed and on-signing deadlines', () => {
    expect(termDueDay(terms[0]!, '2025-01-28')).toBe('2025-01-28')
    expect(termDueDay(terms[1]!, '2025-01-28')).toBe('2025-02-04')
    expect(termDueDay(terms[2]!, '2025-01-28')).toBe('2025-02-10')
    expect(termDueDay(terms[1]!, null)).toBeNull()
  })
  it('states: performed, due today, overdue, pending, not yet effective', () => {
    const checks = [{ termId: 't1', performed: true, day: '2025-01-28', by: 'u', note: '' }]
    const s = termStatuses(terms, checks, '2025-01-28', '2025-02-04')
    expect(s.map((x) => x.state)).toEqual(['performed', 'due-today', 'pending'])
    expect(termStatuses(terms, [], '2025-01-28', '2025-02-11').map((x) => x.state)).toEqual([
      'overdue',
      'overdue',
      'overdue',
    ])
    expect(termStatuses(terms, [], null, '2025-02-11').every((x) => x.state === 'not-yet-effective')).toBe(true)
  })
})
