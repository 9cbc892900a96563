import { unwrap } from '../../../../src/domain/result'
import { expectRefused } from '../../../helpers/refusal'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addActionItem,
  addAgendaItem,
  addDecision,
  addInvitee,
  createMeeting,
  markSealed,
  moveAgendaItem,
  removeAgendaItem,
  setActionDone,
  signIn,
  undoSignIn,
} from '../../../../src/domain/meetings/commands'
import { isMeetingId, newMeetingId, type AgendaItemId, type MeetingId } from '../../../../src/domain/meetings/ids'
import {
  attendance,
  readActionItems,
  readAgenda,
  readMeeting,
  readMeetings,
  sealedRecord,
} from '../../../../src/domain/meetings/queries'
import { SCHEMA_VERSION, migrate, schemaVersionOf } from '../../../../src/domain/meetings/schema'
import { isValidDocName } from '../../../../src/protocol/docName'
import { docName } from '../../../../src/domain/docTypes'

const now = new Date('2025-03-10T02:00:00Z')
const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

function setup() {
  const meeting = new Y.Doc()
  const index = new Y.Doc()
  const id = newMeetingId()
  createMeeting(
    meeting,
    index,
    {
      meetingId: id,
      councilId: 'c1',
      title: '三月议事会',
      startsAt: '2025-03-10T19:30',
      place: '邻里中心',
      convener: '张主任',
    },
    'u1',
    now,
  )
  return { meeting, index, id }
}

describe('meeting ids and doc names', () => {
  it('are valid doc names and never the reserved index name', () => {
    const id = newMeetingId()
    expect(isMeetingId(id)).toBe(true)
    expect(isMeetingId('index')).toBe(false)
    expect(isValidDocName(docName('minutes', 'c3fa91b2e0d4', id))).toBe(true)
    expect(isValidDocName(`${docName('minutes', 'c3fa91b2e0d4', id)}:addendum`)).toBe(true)
    expect(isValidDocName(docName('meetingIndex', 'c3fa91b2e0d4'))).toBe(true)
  })
})

describe('schema and migrations', () => {
  it('a new meeting is at the current version; migrate is then a no-op', () => {
    const { meeting } = setup()
    expect(schemaVersionOf(meeting)).toBe(SCHEMA_VERSION)
    expect(migrate(meeting)).toEqual({ ok: true, from: 1, to: 1 })
  })

  it('v0 → v1 stamps the version and repairs the agenda order (duplicates, deleted and orphaned ids)', () => {
    const d = new Y.Doc()
    d.getMap('agenda').set('a_1', { title: '路灯', presenter: '李' })
    d.getMap('agenda').set('a_2', { title: '下水道', presenter: '王' })
    d.getMap('agenda').set('a_3', { title: '停车', presenter: '赵' })
    d.getArray('agendaOrder').push(['a_2', 'a_gone', 'a_1', 'a_2'])
    expect(migrate(d)).toEqual({ ok: true, from: 0, to: 1 })
    expect(d.getArray('agendaOrder').toArray()).toEqual(['a_2', 'a_1', 'a_3'])
    expect(schemaVersionOf(d)).toBe(1)
    const again = Y.encodeStateVector(d)
    expect(migrate(d).ok).toBe(true)
    expect(Y.encodeStateVector(d)).toEqual(again) // idempotent: nothing written
  })

  it('refuses to touch a doc written by a newer client', () => {
    const d = new Y.Doc()
    d.getMap('meta').set('schemaVersion', 99)
    const sv = Y.encodeStateVector(d)
    expect(migrate(d)).toEqual({ ok: false, reason: 'newer-schema', version: 99 })
    expect(Y.encodeStateVector(d)).toEqual(sv)
  })

  it('skips invalid records from other clients instead of failing', () => {
    const { meeting } = setup()
    meeting.getMap('invitees').set('p_bad', { name: '', party: 'nobody' })
    addInvitee(meeting, { name: '王委员', party: 'council', member: true }, 'u1')
    expect(readMeeting(meeting).attendees.map((a) => a.name)).toEqual(['王委员'])
    expectRefused(
      meeting,
      () => addInvitee(meeting, { name: '', party: 'council', member: true }, 'u1'),
      'meeting.invalid',
    )
  })
})

describe('commands', () => {
  it('creates a meeting listed in the index', () => {
    const { meeting, index, id } = setup()
    expect(readMeeting(meeting).meta?.title).toBe('三月议事会')
    expect(readMeetings(index)).toEqual([
      { id, title: '三月议事会', startsAt: '2025-03-10T19:30', place: '邻里中心', sealed: false },
    ])
  })

  it('keeps the agenda ordered; concurrent moves never duplicate or lose an item', () => {
    const { meeting } = setup()
    const a = unwrap(addAgendaItem(meeting, { title: '路灯', presenter: '李' }, 'u1'))
    const b = unwrap(addAgendaItem(meeting, { title: '下水道', presenter: '王', linkedId: 'p_001' }, 'u1'))
    const c = unwrap(addAgendaItem(meeting, { title: '停车', presenter: '赵' }, 'u1'))
    moveAgendaItem(meeting, c, -2, 'u1')
    expect(readAgenda(meeting).map((x) => x.title)).toEqual(['停车', '路灯', '下水道'])
    const other = new Y.Doc()
    sync(meeting, other)
    moveAgendaItem(meeting, b, -2, 'u1')
    moveAgendaItem(other, b, -1, 'u2')
    sync(meeting, other)
    const titles = readAgenda(other).map((x) => x.title)
    expect(titles.sort()).toEqual(['下水道', '停车', '路灯'])
    expect(readAgenda(meeting)).toEqual(readAgenda(other))
    removeAgendaItem(meeting, a as AgendaItemId, 'u1')
    expect(readAgenda(meeting).map((x) => x.title)).not.toContain('路灯')
  })

  it('signs in by tap or signature and computes quorum (strictly more than half of members)', () => {
    const { meeting } = setup()
    const m1 = unwrap(addInvitee(meeting, { name: '王委员', party: 'council', member: true }, 'u1'))
    const m2 = unwrap(addInvitee(meeting, { name: '李委员', party: 'council', member: true }, 'u1'))
    addInvitee(meeting, { name: '赵委员', party: 'council', member: true }, 'u1')
    addInvitee(meeting, { name: '刘委员', party: 'council', member: true }, 'u1')
    const prop = unwrap(addInvitee(meeting, { name: '物业周经理', party: 'property', member: false }, 'u1'))
    signIn(meeting, m1, { at: now.toISOString(), recordedBy: 'u1', method: 'tap' }, 'u1')
    signIn(
      meeting,
      prop,
      {
        at: now.toISOString(),
        recordedBy: 'u1',
        method: 'signature',
        signature: { width: 300, height: 120, paths: ['M 1 1 L 20 30'] },
      },
      'u1',
    )
    expect(attendance(readMeeting(meeting).attendees)).toEqual({
      present: 2,
      absent: 3,
      membersPresent: 1,
      membersTotal: 4,
      quorum: false,
    })
    signIn(meeting, m2, { at: now.toISOString(), recordedBy: 'u1', method: 'tap' }, 'u1')
    expect(attendance(readMeeting(meeting).attendees).quorum).toBe(false) // exactly half is not a quorum
    undoSignIn(meeting, m2, 'u1')
    expect(attendance(readMeeting(meeting).attendees).membersPresent).toBe(1)
    expect(readMeeting(meeting).attendees.find((a) => a.id === prop)?.signIn?.signature?.paths).toEqual([
      'M 1 1 L 20 30',
    ])
  })

  it('records decisions and action items; done state merges with concurrent edits', () => {
    const { meeting, index, id } = setup()
    const item = unwrap(addAgendaItem(meeting, { title: '路灯', presenter: '李' }, 'u1'))
    addDecision(
      meeting,
      {
        agendaItemId: item,
        text: '更换 12 盏路灯',
        votes: { for: 7, against: 1, abstain: 1 },
        recordedBy: 'u1',
        at: now.toISOString(),
      },
      'u1',
    )
    const t = unwrap(
      addActionItem(
        index,
        {
          meetingId: id,
          agendaItemId: item,
          what: '联系物业报价',
          owner: '周经理',
          due: '2025-03-15',
          createdBy: 'u1',
          createdAt: now.toISOString(),
        },
        'u1',
      ),
    )
    const other = new Y.Doc()
    sync(index, other)
    setActionDone(index, t, true, 'u1', now)
    ;(other.getMap('actions').get(t) as Y.Map<unknown>).set('due', '2025-03-20')
    sync(index, other)
    expect(readActionItems(other, id)).toMatchObject([{ id: t, doneBy: 'u1', due: '2025-03-20' }])
    expect(readActionItems(index, 'm_other')).toEqual([])
    const record = sealedRecord(readMeeting(meeting), readActionItems(index, id))
    expect(record?.decisions[0]?.votes).toEqual({ for: 7, against: 1, abstain: 1 })
    expect(record?.actions).toEqual([
      { id: t, agendaItemId: item, what: '联系物业报价', owner: '周经理', due: '2025-03-20' },
    ])
    markSealed(meeting, index, id as MeetingId, 'u1', now.toISOString(), 'u1')
    expect(readMeetings(index)[0]?.sealed).toBe(true)
    expect(readMeeting(meeting).meta?.sealedBy).toBe('u1')
  })
})
