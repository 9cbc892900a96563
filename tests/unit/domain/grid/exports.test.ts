import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addStep, readEvents, reportEvent } from '../../../../src/domain/grid/events'
import { eventsCsv, listsCsv, Open311ListSchema, open311Json, toCsv } from '../../../../src/domain/grid/exports'
import { addOrderStep, placeOrder, putListItem, readLists, closeProject } from '../../../../src/domain/grid/lists'
import { generateDemo, writeDemo } from '../../../../src/domain/grid/demo'
import { unwrap } from '../../../../src/domain/result'

const bj = (s: string) => Date.parse(`${s}+08:00`)
const w = { userId: 'u-w', name: '网格员甲' }

describe('exports', () => {
  it('Open311 GeoReport v2-style JSON validates against the zod schema', () => {
    const doc = new Y.Doc()
    const a = unwrap(
      reportEvent(
        doc,
        {
          category: 'environment',
          title: '下水道堵塞',
          description: '3号楼东侧',
          place: '3号楼',
          gridId: null,
          source: 'worker',
          foundAt: 1,
        },
        w,
        bj('2025-03-04T09:00:00'),
      ),
    )
    unwrap(addStep(doc, a, { kind: 'handle', note: '已疏通' }, w, bj('2025-03-04T10:00:00')))
    unwrap(
      reportEvent(
        doc,
        {
          category: 'parking',
          title: '车辆乱停放',
          description: '',
          place: '南门',
          gridId: null,
          source: 'resident',
          foundAt: 1,
        },
        w,
        bj('2025-03-04T11:00:00'),
      ),
    )
    writeDemo(doc, generateDemo({ seed: 1, count: 50, days: 10, end: bj('2025-03-05T00:00:00'), actor: w }), w.userId)
    const parsed = Open311ListSchema.parse(JSON.parse(open311Json(readEvents(doc).events, '邮政小区')))
    expect(parsed).toHaveLength(52)
    const closed = parsed.find((r) => r.service_request_id === a)!
    expect(closed).toMatchObject({
      status: 'closed',
      service_name: '环境卫生',
      requested_datetime: '2025-03-04T09:00:00+08:00',
      updated_datetime: '2025-03-04T10:00:00+08:00',
      address: '邮政小区 3号楼',
      status_notes: '已疏通',
    })
    expect(parsed.some((r) => r.status === 'open' && r.expected_datetime)).toBe(true)
  })

  it('CSV has a BOM, CRLF, quoting and no formula injection', () => {
    const csv = toCsv(['a', 'b'], [['=1+1', '含,逗号 "引号"']])
    expect(csv.startsWith('\uFEFFa,b\r\n')).toBe(true)
    expect(csv).toContain(`'=1+1,"含,逗号 ""引号"""`)
    const doc = new Y.Doc()
    unwrap(
      reportEvent(
        doc,
        {
          category: 'facility',
          title: '路灯不亮',
          description: '',
          place: '',
          gridId: null,
          source: 'worker',
          foundAt: 1,
        },
        w,
        2,
      ),
    )
    expect(eventsCsv(readEvents(doc).events).split('\r\n')).toHaveLength(3)
  })

  it('lists: a project links needs and resources, closes into a result; the volunteer loop earns points', () => {
    const doc = new Y.Doc()
    const need = unwrap(
      putListItem(
        doc,
        'needs',
        { title: '独居老人助餐', detail: '', status: 'open', createdBy: 'c', createdAt: 1 },
        'c',
      ),
    )
    const vol = unwrap(
      putListItem(
        doc,
        'resources',
        {
          kind: 'volunteer',
          name: '刘志愿',
          offer: '送餐',
          contact: '138****0000',
          userId: 'u-v',
          createdBy: 'c',
          createdAt: 1,
        },
        'c',
      ),
    )
    const proj = unwrap(
      putListItem(
        doc,
        'projects',
        { title: '邻里助餐', needIds: [need], resourceIds: [vol], status: 'active', createdBy: 'c', createdAt: 2 },
        'c',
      ),
    )
    unwrap(closeProject(doc, proj, '每周送餐 3 次', 12, 'c', 10))
    const o = unwrap(placeOrder(doc, { service: '代买药品', detail: '' }, { userId: 'u-r', name: '张*' }, 20))
    unwrap(
      addOrderStep(
        doc,
        o,
        { kind: 'dispatch', resourceId: vol, volunteerName: '刘志愿', volunteerUserId: 'u-v' },
        { userId: 'c', name: '书记' },
        21,
      ),
    )
    unwrap(addOrderStep(doc, o, { kind: 'accept' }, { userId: 'u-v', name: '刘志愿' }, 22))
    unwrap(addOrderStep(doc, o, { kind: 'done', note: '已送到' }, { userId: 'u-v', name: '刘志愿' }, 23))
    unwrap(addOrderStep(doc, o, { kind: 'rate', rating: 5 }, { userId: 'u-r', name: '张*' }, 24))
    const l = readLists(doc)
    expect(l.needs[0]!.status).toBe('met')
    expect(l.results[0]).toMatchObject({ projectId: proj, beneficiaries: 12 })
    expect(l.orders[0]).toMatchObject({ status: 'rated', rating: 5 })
    expect(l.points[vol]).toBe(14)
    expect(listsCsv(l)).toContain('代买药品')
  })
})
