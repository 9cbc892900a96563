/**
 * The volunteer loop end to end in the domain: 点单 (with the household, 红色代办) → 派单 to a 单位
 * that declines with a reason → 派单 again → 接单 → 完成 → 评单 by the household's resident; the
 * write predicates let exactly the linked volunteer do their steps; 立项 links only picked needs.
 */
import { unwrap } from '../../../../src/domain/result'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addOrderStep,
  closeProject,
  createProject,
  placeOrder,
  putListItem,
  readLists,
} from '../../../../src/domain/grid/lists'
import { orderStepProblem } from '../../../../src/domain/grid/writeRules'

const chair = { userId: 'u_chair', name: '王书记' }
const vol = { userId: 'u_vol', name: '刘志愿' }
const unit = { userId: 'u_unit', name: '物业维修队联系人' }
const actor = (userId: string, roles: string[], households: string[] = []) => ({
  userId,
  roles,
  scope: { households },
})

function setup() {
  const doc = new Y.Doc()
  const rVol = unwrap(
    putListItem(
      doc,
      'resources',
      {
        kind: 'volunteer',
        name: '刘志愿',
        offer: '代买药品',
        contact: '',
        userId: vol.userId,
        createdBy: 'c',
        createdAt: 1,
      },
      'c',
    ),
  )
  const rUnit = unwrap(
    putListItem(
      doc,
      'resources',
      {
        kind: 'body',
        name: '物业维修队',
        offer: '维修',
        contact: '',
        userId: unit.userId,
        createdBy: 'c',
        createdAt: 1,
      },
      'c',
    ),
  )
  // the volunteer records for an elderly resident of 1-1-0101, with consent (红色代办)
  const o = unwrap(
    placeOrder(doc, { service: '代买降压药', detail: '', householdId: '1-1-0101', proxy: true }, vol, 10),
  )
  return { doc, rVol, rUnit, o }
}

describe('volunteer loop', () => {
  it('decline with a reason, dispatch again, accept, complete, rate; points from the steps', () => {
    const { doc, rVol, rUnit, o } = setup()
    unwrap(
      addOrderStep(
        doc,
        o,
        { kind: 'dispatch', resourceId: rUnit, volunteerName: '物业维修队', volunteerUserId: unit.userId },
        chair,
        11,
      ),
    )
    unwrap(addOrderStep(doc, o, { kind: 'decline', reason: '人手不足' }, unit, 12))
    let v = readLists(doc).orders[0]!
    expect(v).toMatchObject({ status: 'declined', declineReason: '人手不足', volunteerUserId: null, proxy: true })
    unwrap(
      addOrderStep(
        doc,
        o,
        { kind: 'dispatch', resourceId: rVol, volunteerName: '刘志愿', volunteerUserId: vol.userId },
        chair,
        13,
      ),
    )
    unwrap(addOrderStep(doc, o, { kind: 'accept' }, vol, 14))
    expect(readLists(doc).orders[0]!.status).toBe('accepted')
    unwrap(addOrderStep(doc, o, { kind: 'done', note: '已送到' }, vol, 15))
    unwrap(addOrderStep(doc, o, { kind: 'rate', rating: 5 }, { userId: 'u_res', name: '冯*' }, 16))
    const l = readLists(doc)
    v = l.orders[0]!
    expect(v).toMatchObject({ status: 'rated', rating: 5, householdId: '1-1-0101' })
    expect(l.points[rVol]).toBe(14)
    expect(l.points[rUnit]).toBeUndefined()
  })

  it('the rules let exactly the linked volunteer accept, decline and complete, and the household rate', () => {
    const order = {
      orderId: 'o1',
      service: 's',
      detail: '',
      householdId: '1-1-0101',
      requesterId: 'u_vol',
      requesterName: '刘志愿',
      at: 1,
    }
    const step = (kind: string, by: string, extra: Record<string, unknown> = {}) => ({
      kind,
      orderId: 'o1',
      at: 2,
      by,
      byName: 'x',
      ...extra,
    })
    const to = () => 'u_vol'
    const resident = actor('u_res', ['resident'], ['1-1-0101'])
    expect(orderStepProblem(actor('u_vol', ['resident']), false, step('accept', 'u_vol'), order, to)).toBeNull()
    expect(
      orderStepProblem(actor('u_vol', ['resident']), false, step('decline', 'u_vol', { reason: '没空' }), order, to),
    ).toBeNull()
    expect(
      orderStepProblem(actor('u_vol', ['resident']), false, step('done', 'u_vol', { note: '' }), order, to),
    ).toBeNull()
    expect(orderStepProblem(actor('u_other', ['resident']), false, step('accept', 'u_other'), order, to)?.code).toBe(
      'forbidden',
    )
    expect(
      orderStepProblem(actor('u_other', ['member']), false, step('done', 'u_other', { note: '' }), order, to)?.code,
    ).toBe('forbidden')
    expect(
      orderStepProblem(actor('u_vol', ['resident']), false, step('decline', 'u_vol', { reason: '' }), order, to)?.code,
    ).toBe('list-invalid')
    expect(orderStepProblem(resident, false, step('rate', 'u_res', { rating: 4 }), order, to)).toBeNull()
    expect(
      orderStepProblem(actor('u_x', ['resident'], ['2-1-0101']), false, step('rate', 'u_x', { rating: 1 }), order, to)
        ?.code,
    ).toBe('forbidden')
    expect(
      orderStepProblem(resident, false, step('dispatch', 'u_res', { resourceId: 'r', volunteerName: 'x' }), order, to)
        ?.code,
    ).toBe('forbidden')
    expect(orderStepProblem(resident, false, step('accept', 'u_vol'), order, to)?.code).toBe('not-own-name')
  })

  it('立项 answers only the picked needs; closing marks only those met', () => {
    const doc = new Y.Doc()
    const need = (title: string) =>
      unwrap(putListItem(doc, 'needs', { title, detail: '', status: 'open', createdBy: 'c', createdAt: 1 }, 'c'))
    const a = need('老人助餐')
    const b = need('楼道照明')
    const p = unwrap(createProject(doc, { title: '邻里助餐', needIds: [a], resourceIds: [] }, 'c', 5))
    expect(readLists(doc).needs.find((n) => n.id === a)!.status).toBe('linked')
    unwrap(closeProject(doc, p, '每周送餐三次', 12, 'c', 9))
    const needs = readLists(doc).needs
    expect(needs.find((n) => n.id === a)!.status).toBe('met')
    expect(needs.find((n) => n.id === b)!.status).toBe('open')
  })
})
