/** The four lists and the volunteer loop refuse bad input as data (grid.invalid + fields) and write nothing. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addOrderStep,
  addPoints,
  closeProject,
  createProject,
  placeOrder,
  putListItem,
  readLists,
} from '../../../../src/domain/grid/lists'
import { unwrap } from '../../../../src/domain/result'
import { expectRefused } from '../../../helpers/refusal'

const vol = { userId: 'u_vol', name: '志愿者' }

describe('list and order commands refuse malformed input', () => {
  it('a need without a title, an order without a service, a rating of 9, negative points', () => {
    const doc = new Y.Doc()
    const need = { title: '', detail: '', status: 'open', createdBy: 'c', createdAt: 1 }
    expectRefused(doc, () => putListItem(doc, 'needs', need, 'c'), 'grid.invalid')
    expect(putListItem(doc, 'needs', need, 'c')).toMatchObject({ detail: 'title' })
    expectRefused(doc, () => placeOrder(doc, { service: '', detail: '' }, vol, 10), 'grid.invalid')
    const o = unwrap(placeOrder(doc, { service: '代买药', detail: '' }, vol, 10))
    expectRefused(doc, () => addOrderStep(doc, o, { kind: 'rate', rating: 9 }, vol, 11), 'grid.invalid')
    expectRefused(doc, () => addPoints(doc, { userId: '', points: 1, reason: '' } as never, 'c', 12), 'grid.invalid')
    expect(readLists(doc).orders).toHaveLength(1)
  })

  it('closing a project this tablet does not hold is refused; a known one closes and meets its needs', () => {
    const doc = new Y.Doc()
    expectRefused(doc, () => closeProject(doc, 'p_missing', '已完成', 3, 'c', 5), 'grid.unknown_project')
    const n = unwrap(
      putListItem(doc, 'needs', { title: '助餐', detail: '', status: 'open', createdBy: 'c', createdAt: 1 }, 'c'),
    )
    const p = unwrap(createProject(doc, { title: '邻里助餐', needIds: [n], resourceIds: [] }, 'c', 2))
    unwrap(closeProject(doc, p, '每周送餐', 12, 'c', 9))
    expect(readLists(doc).needs.find((x) => x.id === n)?.status).toBe('met')
  })
})
