import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { nextStepSeq } from '../../../src/domain/stepSeq'

describe('nextStepSeq', () => {
  it("counts only the named record's steps, by the field the doc names records with", () => {
    const steps = new Y.Doc().getMap<unknown>('steps')
    expect(nextStepSeq(steps, 'eventId', 'e1')).toBe(1)
    steps.set('a', { eventId: 'e1', seq: 1 })
    steps.set('b', { eventId: 'e1', seq: 4 })
    steps.set('c', { eventId: 'e2', seq: 9 })
    steps.set('d', { itemId: 'e1', seq: 7 }) // another field: not a step of event e1
    expect(nextStepSeq(steps, 'eventId', 'e1')).toBe(5)
    expect(nextStepSeq(steps, 'eventId', 'e2')).toBe(10)
    expect(nextStepSeq(steps, 'itemId', 'e1')).toBe(8)
  })

  it('steps without a numeric seq (older records, junk) count 0', () => {
    const steps = new Y.Doc().getMap<unknown>('steps')
    steps.set('old', { eventId: 'e1' })
    steps.set('text', { eventId: 'e1', seq: '12' })
    steps.set('null', null)
    expect(nextStepSeq(steps, 'eventId', 'e1')).toBe(1)
  })
})
