import { describe, expect, it } from 'vitest'
import { dueWork, type CaseSummary } from '../../../../src/domain/mediation/caseList'
import {
  actionItems,
  canvassItems,
  caseItems,
  eventItems,
  notifyText,
  orderItems,
  todayList,
  voteItems,
} from '../../../../src/domain/today/today'

const at = (iso: string) => Date.parse(iso)

const summary = (over: Partial<CaseSummary> = {}): CaseSummary => ({
  caseId: 'k1',
  type: 'noise',
  urgency: 'normal',
  status: 'agreed',
  assignees: ['u_med'],
  lead: 'u_med',
  createdAt: 0,
  reportedAt: 0,
  arrivedAt: null,
  closedAt: null,
  effectiveDay: '2026-11-30',
  slotDays: ['2026-12-01', '2026-12-02', '2026-12-03'],
  slotsDone: [],
  lastContactDay: null,
  termDays: [],
  planEnded: false,
  ...over,
})

describe('Today: follow-up visits', () => {
  it('due on the due morning, overdue the next day, cleared after the visit', () => {
    const s = summary()
    const onDay = caseItems('c1', dueWork(s, '2026-12-01'), { k1: '3号楼402 · 王大爷' })
    expect(onDay).toHaveLength(1)
    expect(onDay[0]).toMatchObject({ kind: 'visit', daysLate: 0, place: '3号楼402 · 王大爷', href: '/c/c1/cases/k1' })
    const next = caseItems('c1', dueWork(s, '2026-12-02'), {})
    expect(next[0]).toMatchObject({ daysLate: 1, due: '2026-12-01' })
    const visited = summary({ slotsDone: ['2026-12-02'], lastContactDay: '2026-12-02' })
    expect(caseItems('c1', dueWork(visited, '2026-12-02'), {})).toEqual([])
  })
})

describe('Today: action items, events, orders', () => {
  it('lists open action items naming me, due today or earlier', () => {
    const items = actionItems(
      'c1',
      [
        { id: 'a1', meetingId: 'm1', what: '联系物业', owner: '王主任、李委员', due: '2026-12-01' },
        { id: 'a2', meetingId: 'm1', what: '未来的事', owner: '王主任', due: '2026-12-09' },
        { id: 'a3', meetingId: 'm1', what: '已完成', owner: '王主任', due: '2026-11-01', doneAt: '2026-11-02' },
        { id: 'a4', meetingId: 'm1', what: '别人的事', owner: '赵委员', due: '2026-11-01' },
      ],
      '王主任',
      '2026-12-02',
    )
    expect(items.map((i) => [i.key, i.daysLate])).toEqual([['action:c1:a1', 1]])
  })

  it('lists unhandled events assigned to my account', () => {
    const base = { title: '下水道堵塞', place: '3号楼', dueAt: at('2026-12-01T15:00:00Z'), handledAt: null }
    const items = eventItems(
      'c1',
      [
        { ...base, eventId: 'e1', assignee: { userId: 'u1' } },
        { ...base, eventId: 'e2', assignee: { userId: 'u2' } },
        { ...base, eventId: 'e3', assignee: { userId: 'u1' }, handledAt: 1 },
      ],
      'u1',
      '2026-12-03',
    )
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ key: 'event:c1:e1', due: '2026-12-01', daysLate: 2 })
  })

  it('asks the volunteer to accept and complete, the requester to rate', () => {
    const o = { service: '代买药', requesterId: 'u_res', steps: [{ at: at('2026-12-01T02:00:00Z') }], at: 0 }
    const items = orderItems(
      'c1',
      [
        { ...o, orderId: 'o1', status: 'dispatched', volunteerUserId: 'u_vol' },
        { ...o, orderId: 'o2', status: 'accepted', volunteerUserId: 'u_vol' },
        { ...o, orderId: 'o3', status: 'done', volunteerUserId: 'u_vol' },
        { ...o, orderId: 'o4', status: 'dispatched', volunteerUserId: 'u_other' },
      ],
      'u_vol',
      '2026-12-01',
    )
    expect(items.map((i) => i.kind)).toEqual(['order-accept', 'order-done'])
    expect(
      orderItems('c1', [{ ...o, orderId: 'o3', status: 'done', volunteerUserId: 'u_vol' }], 'u_res', '2026-12-01'),
    ).toHaveLength(1)
  })
})

describe('Today: votes', () => {
  const roll = [
    { householdId: '1-1-0101', building: '1', unit: '1', flat: '0101' },
    { householdId: '1-1-0102', building: '1', unit: '1', flat: '0102' },
    { householdId: '1-2-0101', building: '1', unit: '2', flat: '0101' },
    { householdId: '2-1-0101', building: '2', unit: '1', flat: '0101' },
  ]
  const vote = {
    voteId: 'v1',
    title: '改造方案表决',
    status: 'open' as const,
    closesAt: '2026-12-03T18:00',
    roll,
    votedHouseholds: new Set(['1-1-0102']),
  }
  const now = at('2026-12-02T01:00:00Z')

  it("a unit head sees only their unit's non-voters", () => {
    const unitHead = (hid: string) => hid.startsWith('1-1-')
    const items = voteItems('c1', vote, unitHead, false, now)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ kind: 'nonvoters', place: '1-1: 0101', count: 1, due: '2026-12-03', daysLate: -1 })
  })

  it('tells those who run the vote that it closes soon, and nothing for a closed vote', () => {
    expect(voteItems('c1', vote, null, true, now).map((i) => i.kind)).toEqual(['vote-closing'])
    expect(voteItems('c1', vote, null, true, at('2026-11-20T00:00:00Z'))).toEqual([])
    expect(voteItems('c1', { ...vote, status: 'closed' }, () => true, true, now)).toEqual([])
  })
})

describe('Today: order and lock-screen text', () => {
  it('sorts most overdue first and keeps notifications free of personal details', () => {
    const s = summary()
    const items = todayList([
      ...caseItems('c1', dueWork(s, '2026-12-03'), { k1: '3号楼402 · 王大爷' }),
      ...actionItems(
        'c1',
        [{ id: 'a', meetingId: 'm', what: '联系物业', owner: '王主任', due: '2026-12-03' }],
        '王主任',
        '2026-12-03',
      ),
    ])
    expect(items.map((i) => i.kind)).toEqual(['visit', 'action'])
    const text = notifyText(items)!
    expect(text.body).toBe('今天有 2 件事要办，其中 1 件已逾期')
    expect(JSON.stringify(text)).not.toMatch(/王|402|联系物业|noise/)
    expect(notifyText([])).toBeNull()
  })
})

describe('Today: canvass walk lists', () => {
  it("lists a head's households not yet answered for the latest version, per unit", () => {
    const households = [
      { householdId: '1-1-0101', building: '1', unit: '1', flat: '0101' },
      { householdId: '1-1-0102', building: '1', unit: '1', flat: '0102' },
      { householdId: '1-1-0201', building: '1', unit: '1', flat: '0201' },
      { householdId: '2-1-0101', building: '2', unit: '1', flat: '0101' },
    ]
    const visits = [
      { householdId: '1-1-0101', versionNo: 2, outcome: 'visited' as const },
      { householdId: '1-1-0102', versionNo: 2, outcome: 'not_home' as const },
      { householdId: '1-1-0201', versionNo: 1, outcome: 'visited' as const },
    ]
    const items = canvassItems(
      'c1',
      { proposalId: 'pr_x', title: '改造方案', versionNo: 2, households, visits },
      (hid) => hid.startsWith('1-'),
      '2026-12-02',
    )
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      kind: 'canvass',
      place: '1-1: 0102、0201',
      count: 2,
      href: '/c/c1/proposals/pr_x/canvass',
    })
    expect(
      canvassItems('c1', { proposalId: 'pr_x', title: 't', versionNo: 2, households, visits }, null, '2026-12-02'),
    ).toEqual([])
  })
})
