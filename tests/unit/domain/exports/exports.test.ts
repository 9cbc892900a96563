/**
 * Exports for people: Chinese headers, Chinese words for codes, Beijing local time (a ballot cast at
 * 05:36 Beijing is on the 2nd, not the UTC 1st), names not ids. Open311 for machines: only
 * GeoReport v2 fields, address with compound and building, media URLs for photos.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addStep, readEvents, reportEvent } from '../../../../src/domain/grid/events'
import {
  eventsCsv,
  GEOREPORT_REQUEST_FIELDS,
  GEOREPORT_SERVICE_FIELDS,
  listsCsv,
  Open311ListSchema,
  Open311ServiceSchema,
  open311Services,
  toOpen311,
} from '../../../../src/domain/grid/exports'
import { addOrderStep, placeOrder, putListItem, readLists } from '../../../../src/domain/grid/lists'
import { rollCsv } from '../../../../src/domain/exports/rollCsv'
import { auditCsv } from '../../../../src/domain/voting/audit'
import type { VoteSnapshot } from '../../../../src/domain/voting/read'
import type { HouseholdRecord } from '../../../../src/domain/roll/schema'
import { unwrap } from '../../../../src/domain/result'

const bj = (s: string) => Date.parse(`${s}+08:00`)
const w = { userId: 'u_worker_7', name: '网格员甲' }
const lines = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
/** A header is Chinese words only: no ASCII letters (no English, no codes). */
const chineseHeader = (csv: string) => expect(lines(csv)[0]).not.toMatch(/[A-Za-z]/)

function eventsDoc() {
  const doc = new Y.Doc()
  const id = unwrap(
    reportEvent(
      doc,
      {
        category: 'facility',
        title: '路灯不亮',
        description: '东侧路灯',
        place: '3号楼东侧',
        building: '3',
        gridId: null,
        source: 'resident',
        foundAt: bj('2026-12-02T05:30:00'),
        photo: 'data:image/jpeg;base64,/9j/4AAQ',
      },
      w,
      bj('2026-12-02T05:36:00'),
    ),
  )
  unwrap(addStep(doc, id, { kind: 'handle', note: '已更换灯泡' }, w, bj('2026-12-02T09:00:00')))
  return { doc, id }
}

describe('CSV exports for people', () => {
  it('events: Chinese headers and labels, Beijing local time, no ids or codes', () => {
    const { doc, id } = eventsDoc()
    const csv = eventsCsv(readEvents(doc).events)
    chineseHeader(csv)
    expect(csv).toContain('设施维修')
    expect(csv).toContain('居民上报')
    expect(csv).toContain('已办结')
    expect(csv).toContain('2026-12-02 05:36')
    expect(csv).toContain('3号楼')
    expect(csv).not.toContain(id)
    expect(csv).not.toMatch(/facility|resident|handled|compound|u_worker_7/)
  })

  it('lists: names where the doc keeps ids', () => {
    const doc = new Y.Doc()
    const need = unwrap(
      putListItem(doc, 'needs', { title: '老人助餐', detail: '', status: 'open', createdBy: 'c', createdAt: 1 }, 'c'),
    )
    const vol = unwrap(
      putListItem(
        doc,
        'resources',
        { kind: 'volunteer', name: '刘志愿', offer: '送餐', contact: '138****0000', createdBy: 'c', createdAt: 1 },
        'c',
      ),
    )
    unwrap(
      putListItem(
        doc,
        'projects',
        { title: '邻里助餐', needIds: [need], resourceIds: [vol], status: 'active', createdBy: 'c', createdAt: 2 },
        'c',
      ),
    )
    const o = unwrap(
      placeOrder(doc, { service: '代买药品', detail: '', householdId: '3-1-0402' }, { userId: 'u-r', name: '张*' }, 20),
    )
    unwrap(
      addOrderStep(
        doc,
        o,
        { kind: 'dispatch', resourceId: vol, volunteerName: '刘志愿', volunteerUserId: 'u-v' },
        w,
        21,
      ),
    )
    const csv = listsCsv(readLists(doc))
    chineseHeader(csv)
    expect(csv).toContain('需求：老人助餐')
    expect(csv).toContain('资源：刘志愿')
    expect(csv).toContain('3号楼1单元0402')
    expect(csv).toContain('已派单')
    for (const raw of [need, vol, o, 'volunteer', 'active', 'dispatched']) expect(csv).not.toContain(raw)
  })

  it('roll: Chinese headers, no household or owner ids, masked phones unless given', () => {
    const h: HouseholdRecord = {
      householdId: '1-1-0101',
      building: '1',
      unit: '1',
      floor: 1,
      flat: '0101',
      ownerId: 'P0001',
      ownerName: '周勇',
      coOwners: ['阎珍'],
      areaCenti: 8250,
      residents: 3,
      phone: '139****1425',
      note: '',
    }
    const masked = rollCsv([h])
    chineseHeader(masked)
    expect(lines(masked)[1]).toBe('1,1,1,0101,周勇,阎珍,82.50,3,139****1425,')
    expect(masked).not.toContain('P0001')
    expect(masked).not.toContain('1-1-0101')
    expect(rollCsv([h], () => '13900531425')).toContain('13900531425')
  })

  it('vote audit: Beijing local time (05:36 on the 2nd), Chinese words, no user ids', () => {
    const at = bj('2026-12-02T05:36:00')
    const snap = {
      meta: null,
      roll: [],
      ballots: [
        {
          id: 'b_1',
          householdId: '1-1-0101',
          choice: 'agree',
          channel: 'paper',
          recordedBy: 'u_head_1',
          recordedByName: '孙楼长',
          at,
          paperSerial: 'P-001',
        },
      ],
      resolutions: [],
      events: [],
      invalid: [],
    } as unknown as VoteSnapshot
    const csv = auditCsv(snap)
    chineseHeader(csv)
    expect(lines(csv)[1]).toBe('1,2026-12-02 05:36,选票,孙楼长,,1-1-0101,同意,纸质选票,纸质选票编号：P-001')
    expect(csv).not.toMatch(/u_head_1|b_1|agree|paper|T21:36/)
  })
})

describe('Open311 GeoReport v2', () => {
  it('requests carry only GeoReport v2 fields, the full address and a media URL', () => {
    const { doc, id } = eventsDoc()
    const r = toOpen311(
      readEvents(doc).events[0]!,
      { address: '河南省周口市川汇区', compound: '邮政小区', location: { lat: 33.62, long: 114.65 } },
      { mediaUrl: (e) => `https://yishi.example/api/open311/v2/media/c1/${e}` },
    )
    Open311ListSchema.parse([r])
    for (const k of Object.keys(r)) expect(GEOREPORT_REQUEST_FIELDS).toContain(k)
    expect(r).toMatchObject({
      service_request_id: id,
      status: 'closed',
      service_code: 'facility',
      service_name: '设施维修',
      address: '河南省周口市川汇区 邮政小区 3号楼 3号楼东侧',
      requested_datetime: '2026-12-02T05:36:00+08:00',
      lat: 33.62,
      long: 114.65,
      media_url: `https://yishi.example/api/open311/v2/media/c1/${id}`,
    })
  })

  it('services list every category with only GeoReport v2 fields', () => {
    const s = open311Services()
    expect(s).toHaveLength(8)
    for (const svc of s) {
      Open311ServiceSchema.parse(svc)
      for (const k of Object.keys(svc)) expect(GEOREPORT_SERVICE_FIELDS).toContain(k)
    }
  })
})
