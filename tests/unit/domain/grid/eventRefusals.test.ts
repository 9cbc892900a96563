/** reportEvent/addStep refuse bad input as data (grid.invalid + the failing fields) and write nothing. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addStep, readEvents, reportEvent } from '../../../../src/domain/grid/events'
import { unwrap } from '../../../../src/domain/result'
import { expectRefused } from '../../../helpers/refusal'
import { bj, newEvent, worker } from './fixtures'

describe('grid commands refuse malformed input', () => {
  it('an event without a title is refused; the report step is not written either', () => {
    const doc = new Y.Doc()
    const e = { ...newEvent(bj('2025-03-04T08:50:00')), title: '' }
    expectRefused(doc, () => reportEvent(doc, e, worker, bj('2025-03-04T09:00:00')), 'grid.invalid')
    expect(reportEvent(doc, e, worker, bj('2025-03-04T09:00:00'))).toMatchObject({ detail: 'title' })
    expect(readEvents(doc).events).toEqual([])
  })

  it('a rating outside 1–5 is refused and the event keeps its state', () => {
    const doc = new Y.Doc()
    const id = unwrap(reportEvent(doc, newEvent(bj('2025-03-04T08:50:00')), worker, bj('2025-03-04T09:00:00')))
    unwrap(addStep(doc, id, { kind: 'handle', note: '已修好' }, worker, bj('2025-03-04T11:00:00')))
    const rate = () => addStep(doc, id, { kind: 'rate', satisfaction: 9 }, worker, bj('2025-03-04T12:00:00'))
    expectRefused(doc, rate, 'grid.invalid')
    expect(readEvents(doc).events[0]).toMatchObject({ status: 'handled', satisfaction: null })
  })
})
