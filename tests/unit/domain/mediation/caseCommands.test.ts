import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { agreementHash } from '../../../../src/domain/mediation/agreement'
import { readCase, viewCase } from '../../../../src/domain/mediation/caseRead'
import {
  closeCase,
  createCase,
  markFailed,
  reopenCase,
  setAgreement,
  setAssignees,
  setLead,
  sign,
} from '../../../../src/domain/mediation/caseCommands'
import { addVisit, checkTerm, endPlan, setPlan } from '../../../../src/domain/mediation/careCommands'
import { expectRefused } from '../../../helpers/refusal'
import { CaseSummarySchema, dueWork, summarize } from '../../../../src/domain/mediation/caseList'
import type { CaseId } from '../../../../src/domain/mediation/schema'
import { computeStats, statsCsv } from '../../../../src/domain/mediation/stats'
import { shanghaiDay, type Clock } from '../../../../src/domain/mediation/time'

const at =
  (iso: string): Clock =>
  () =>
    Date.parse(iso)

function newCase() {
  const doc = new Y.Doc()
  createCase(
    doc,
    'c1',
    'k1' as CaseId,
    {
      type: 'noise',
      urgency: 'critical',
      place: { building: '3', flat: '502', text: '', grid: '第3网格' },
      description: '楼上持刀下楼',
      reportedAt: Date.parse('2025-01-28T12:00:00Z'),
      arrivedAt: Date.parse('2025-01-28T12:02:00Z'),
      parties: [
        {
          id: 'p1',
          name: '王大爷',
          role: 'applicant',
          phone: '13912345678',
          idNumber: '410102195001011234',
          relationship: '楼下住户',
          address: '3-1-402',
        },
        {
          id: 'p2',
          name: '李先生',
          role: 'respondent',
          phone: '13800001111',
          idNumber: '',
          relationship: '楼上住户',
          address: '3-1-502',
        },
      ],
    },
    { userId: 'u-grid', name: '网格员' },
    at('2025-01-28T12:01:00Z'),
  )
  return doc
}

function agree(doc: Y.Doc, signAt: string) {
  setAssignees(
    doc,
    [
      { userId: 'u-grid', name: '网格员' },
      { userId: 'u-med', name: '调解员' },
    ],
    'u-grid',
    at(signAt),
  )
  setLead(doc, 'u-med', '调解员')
  setAgreement(doc, {
    kind: 'written',
    facts: 'f',
    issues: 'i',
    responsibility: 'r',
    oralRecord: '',
    terms: [{ id: 't1', party: 'p2', text: '道歉', how: '当面', due: { kind: 'days', days: 3 } }],
  })
  const a = readCase(doc).agreement
  for (const signer of ['p1', 'p2', 'mediator:u-med', 'seal:committee']) {
    sign(doc, {
      signer,
      name: signer,
      kind: signer.startsWith('m') ? 'mediator' : signer.startsWith('seal') ? 'seal' : 'party',
      method: signer.startsWith('seal') ? 'seal' : 'handwriting',
      path: 'M0 0 L1 1',
      at: Date.parse(signAt),
      textHash: agreementHash(a, readCase(doc).parties),
    })
  }
}

describe('case doc', () => {
  it('the creator is the first assignee; assignment keeps the writer', () => {
    const doc = newCase()
    expect(readCase(doc).meta!.assignees).toEqual(['u-grid'])
    setAssignees(doc, [{ userId: 'u-med', name: '调解员' }], 'u-grid', at('2025-01-28T13:00:00Z'))
    expect(readCase(doc).meta!.assignees.sort()).toEqual(['u-grid', 'u-med'])
  })

  it('the last signature makes it agreed and starts the default plan on the effective day', () => {
    const doc = newCase()
    agree(doc, '2025-01-29T17:00:00Z') // 30 Jan 01:00 in Shanghai
    const s = readCase(doc)
    expect(s.meta!.status).toBe('agreed')
    expect(s.plan!.startDay).toBe('2025-01-30')
    // day 30 = Saturday 2025-03-01, a rest day → Monday 2025-03-03 (Civil Procedure Law Art. 85)
    expect(viewCase(s, '2025-01-30').effect.confirmationDeadline).toBe('2025-03-03')
  })

  it('closes only when terms are performed and the plan is done or ended with a reason; reopens', () => {
    const doc = newCase()
    agree(doc, '2025-01-29T03:00:00Z')
    const clock = at('2025-01-31T03:00:00Z')
    expectRefused(doc, () => closeCase(doc, '结案', 'u-med', clock), 'case.not_closable')
    expect(closeCase(doc, '结案', 'u-med', clock)).toMatchObject({ detail: 'terms' })
    expect(viewCase(readCase(doc), '2025-01-31').closable.reason).toBe('terms')
    checkTerm(doc, { termId: 't1', performed: true, day: '2025-01-30', by: 'u-med', note: '' })
    expect(viewCase(readCase(doc), '2025-01-31').closable.reason).toBe('plan')
    expectRefused(doc, () => endPlan(doc, '2025-01-31', ' ', 'u-med', clock), 'case.reason_required')
    expect(endPlan(doc, '2025-01-31', '双方关系恢复，当事人要求不再回访', 'u-med', clock).ok).toBe(true)
    expect(closeCase(doc, '协议履行完毕', 'u-med', clock)).toEqual({ ok: true, value: undefined })
    expect(readCase(doc).meta!.status).toBe('closed')
    expectRefused(doc, () => reopenCase(doc, ' ', 'u-med', at('2025-03-01T03:00:00Z')), 'case.reason_required')
    expect(reopenCase(doc, '再次发生争吵', 'u-med', at('2025-03-01T03:00:00Z')).ok).toBe(true)
    const s = readCase(doc)
    expect(s.meta!.status).toBe('mediating')
    expect(s.plan!.startDay).toBe('2025-03-01')
    expect(s.plan!.endedDay).toBeNull()
  })
})

describe('refusals are Results that write nothing', () => {
  const clock = at('2025-01-29T03:00:00Z')
  it('bad input: nothing of it reaches the doc', () => {
    const doc = newCase()
    const visit = {
      day: '2025-01-30',
      at: 1,
      by: 'u',
      byName: 'u',
      how: 'visit',
      state: 'stable',
      notes: '',
      satisfaction: 0,
    } as const
    expectRefused(doc, () => addVisit(doc, { ...visit, day: '30/01/2025' }), 'case.invalid')
    expect(addVisit(doc, { ...visit, how: 'fax' as 'visit' })).toMatchObject({ detail: 'how' })
    expect(addVisit(doc, { ...visit, day: '30/01/2025' })).toMatchObject({ detail: 'day' })
    expectRefused(doc, () => setPlan(doc, { startDay: 'soon', phases: [] }), 'case.bad_start_day')
    const phases = [{ unit: 'week' as const, count: -1 }]
    expectRefused(doc, () => setPlan(doc, { startDay: '2025-01-30', phases }), 'case.invalid')
    expectRefused(doc, () => markFailed(doc, '  ', 'u-med', clock), 'case.reason_required')
    const term = { id: 't1', party: '', text: '', how: '', due: { kind: 'days' as const, days: 3 } }
    const text = { kind: 'written' as const, facts: '', issues: '', responsibility: '', oralRecord: '' }
    expectRefused(doc, () => setAgreement(doc, { ...text, terms: [term] }), 'case.invalid')
  })
  it('a bad party refuses the whole intake: no meta, no parties', () => {
    const doc = new Y.Doc()
    const input = readCase(newCase())
    const parties = [{ ...input.parties[0]!, role: 'boss' as 'applicant' }]
    const intake = { ...input.meta!, parties }
    const by = { userId: 'u', name: 'u' }
    expectRefused(doc, () => createCase(doc, 'c1', 'k2' as CaseId, intake, by, clock), 'case.invalid')
  })
  it('a case written by a newer app version is left alone', () => {
    const doc = newCase()
    doc.getMap('meta').set('schemaVersion', 99)
    expectRefused(doc, () => setLead(doc, 'u-med', '调解员'), 'case.newer_schema')
    expectRefused(doc, () => endPlan(doc, '2025-01-31', '原因', 'u-med', clock), 'case.newer_schema')
    expectRefused(doc, () => reopenCase(doc, '原因', 'u-med', clock), 'case.newer_schema')
  })
})

describe('redacted case list', () => {
  it('holds no personal details and passes the strict schema', () => {
    const doc = newCase()
    agree(doc, '2025-01-29T03:00:00Z')
    addVisit(doc, {
      day: '2025-01-30',
      at: 0,
      by: 'u-med',
      byName: '调解员',
      how: 'phone',
      state: 'stable',
      notes: '王大爷情绪平稳',
      satisfaction: 5,
    })
    const s = summarize(viewCase(readCase(doc), '2025-02-02'))!
    expect(CaseSummarySchema.safeParse(s).success).toBe(true)
    const json = JSON.stringify(s)
    for (const secret of ['王大爷', '李先生', '13912345678', '4101021950', '3-1-402', '持刀', '第3网格', '调解员'])
      expect(json).not.toContain(secret)
    // same overdue rule as the case view: 31 Jan missed, 1 Feb missed, today 2 Feb
    expect(dueWork(s, '2025-02-02')).toEqual([
      expect.objectContaining({ kind: 'visit', day: '2025-01-31', daysLate: 2 }),
      expect.objectContaining({ kind: 'term', day: '2025-02-01', daysLate: 1 }),
    ])
    expect(viewCase(readCase(doc), '2025-02-02').care.overdueSince).toBe('2025-01-31')
  })

  it('statistics and CSV with BOM', () => {
    const doc = newCase()
    agree(doc, '2025-01-29T03:00:00Z')
    const s = summarize(viewCase(readCase(doc), '2025-02-02'))!
    const stats = computeStats([s], '2025-02-02', '2025-01')
    expect(stats.total).toBe(1)
    expect(stats.byType.noise).toBe(1)
    expect(stats.successRate).toBe(1)
    expect(stats.avgResponseMinutes).toBe(2)
    expect(stats.followUpsDue).toBe(3)
    expect(computeStats([s], '2025-02-02', '2025-02').total).toBe(0)
    const csv = statsCsv(stats, [s], { type: (t) => t, status: (x) => x, header: ['id'], figures: {} })
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv).toContain('k1,noise,agreed,2025-01-28,2')
    expect(shanghaiDay(s.reportedAt)).toBe('2025-01-28')
  })
})
